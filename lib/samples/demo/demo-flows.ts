// Demo VPC flow log (v5, gzip like S3 delivery): background traffic from the flow-log generator,
// the SYN storm to the deleted pod IP, and the RST burst of the graceful-stop window, appended
// (flow logs are not time-ordered anyway).
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { generateVpcFlowLog } from "../vpc-flow-log";
import { DEMO } from "./scenario";

function* rstBurst(): Generator<string> {
  // The pod being stopped (mostly the one whose IP is then deleted) resets in-flight requests.
  for (let t = DEMO.gracefulStopFrom / 1000; t < DEMO.gracefulStopTo / 1000; t++) {
    for (let i = 0; i < 40; i++) {
      const pod = i % 10 < 7 ? DEMO.deletedPodIp : DEMO.oldPodIps[1 + (i % 2)]!;
      const client = `10.0.7.${(i % 60) + 10}`;
      yield `5 eni-0a1b2c3d4e5f60718 ${pod} ${client} 8080 ${30000 + ((t * 40 + i) % 30000)} 6 1 40 ${t} ${t + 1} ACCEPT 4 ${pod} ${client} egress 1 OK`;
    }
  }
}

function* chain<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const part of parts) yield* part;
}

export async function writeDemoFlows(path: string): Promise<void> {
  const { lines } = generateVpcFlowLog({
    version: 5, rows: 240_000, startSec: DEMO.t0 / 1000, seed: 4711, flowsPerSec: 60,
    storm: { dst: DEMO.deletedPodIp, fromSec: DEMO.stormFrom / 1000, toSec: DEMO.stormTo / 1000, synsPerSec: DEMO.stormSynsPerSec, dstPort: 8080 },
  });
  function* all(): Generator<string> {
    let batch = "";
    for (const line of chain(lines, rstBurst())) {
      batch += line + "\n";
      if (batch.length > 1 << 16) {
        yield batch;
        batch = "";
      }
    }
    if (batch) yield batch;
  }
  await pipeline(Readable.from(all()), createGzip(), createWriteStream(path));
}
