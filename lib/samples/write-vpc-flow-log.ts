// Streams a generated flow log to a file (optionally gzip, like S3 delivery) without holding it.
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { generateVpcFlowLog, type VpcFlowLogOptions, type VpcFlowTruth } from "./vpc-flow-log";

function* batches(lines: Iterable<string>): Generator<string> {
  let batch = "";
  for (const line of lines) {
    batch += line + "\n";
    if (batch.length >= 1 << 16) {
      yield batch;
      batch = "";
    }
  }
  if (batch) yield batch;
}

/** Writes the log to `path` and resolves with its truth once the file is complete. */
export async function writeVpcFlowLog(
  path: string,
  options: VpcFlowLogOptions,
  { gzip = false }: { gzip?: boolean } = {},
): Promise<VpcFlowTruth> {
  const { lines, truth } = generateVpcFlowLog(options);
  const source = Readable.from(batches(lines));
  if (gzip) await pipeline(source, createGzip(), createWriteStream(path));
  else await pipeline(source, createWriteStream(path));
  return truth;
}
