// Parse-only throughput of AWS S3 text flow-log ingest: file bytes → flow_records COPY rows and
// rollups (FlowRows), with COPY sent to a discarding stream instead of PostgreSQL. Times the
// byte-level fast path and the general path on the same generated v5 log (with its header), and
// the fast path on its records in the 29-field "all fields" order without a header (the layout is
// detected). Best of 3 runs, fed in 256 KiB chunks like an upload.
//   npx tsx bench/flows-parse.ts [--rows 1000000]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { CopyWriter } from "../lib/evidence/copy-writer";
import type { FlowEntry } from "../lib/ingest/family";
import { FlowRows, RECORD_COLUMNS } from "../lib/ingest/flow-rows";
import { flowParser } from "../lib/ingest/ingest-flows";
import { FLOW_FORMATS } from "../lib/parsers/flow-formats";
import { STANDARD_LAYOUTS } from "../lib/parsers/vpc-layouts";
import { writeVpcFlowLog } from "../lib/samples/write-vpc-flow-log";

const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" } } });
const rows = Number(values.rows);
const CHUNK = 256 * 1024;
const FORMAT = { ...FLOW_FORMATS.find((f) => f.kind === "aws-vpc-flow")!, family: "flows" } as FlowEntry;

async function time(data: Buffer, fast: boolean): Promise<{ seconds: number; parsed: number; rejected: number }> {
  const client = { query: () => new Writable({ write: (_c, _e, cb) => cb() }) };
  const records = new CopyWriter(client as never, "t", RECORD_COLUMNS);
  const counts = { rowsParsed: 0, rowsRejected: 0 };
  const flowRows = new FlowRows(records, counts, { reject: () => {} });
  const start = process.hrtime.bigint();
  const parser = flowParser(FORMAT, flowRows, fast);
  for (let off = 0; off < data.length; off += CHUNK) {
    parser.write(data.subarray(off, off + CHUNK));
    await records.flushIfFull();
  }
  parser.end();
  await records.finish();
  let cells = 0;
  for (const row of flowRows.rollup.rows()) cells += row.length > 0 ? 1 : 0;
  if (cells === 0 && counts.rowsParsed > 0) throw new Error("no rollup cells");
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, parsed: counts.rowsParsed, rejected: counts.rowsRejected };
}

async function report(label: string, data: Buffer, fast: boolean): Promise<void> {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await time(data, fast));
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  console.log(
    `${label}: ${best.parsed} rows (${best.rejected} rejected) in ${best.seconds.toFixed(3)} s → ` +
      `${Math.round(best.parsed / best.seconds).toLocaleString("en")} rows/s, ${((best.seconds / best.parsed) * 1e9).toFixed(0)} ns/row ` +
      `(runs: ${runs.map((r) => r.seconds.toFixed(3)).join(", ")} s)`,
  );
}

const out = path.resolve("bench/out");
mkdirSync(out, { recursive: true });
const file = path.join(out, `flows-v5-${rows}.log`);
if (!existsSync(file)) await writeVpcFlowLog(file, { version: 5, rows, startSec: 1_718_000_000, seed: 42, flowsPerSec: 2000 });
const data = readFileSync(file);
const allFieldsFile = path.join(out, `flows-v5-all-fields-${rows}.log`);
if (!existsSync(allFieldsFile)) {
  const [header, ...lines] = data.toString("latin1").split("\n");
  const names = header!.split(" ");
  const at = STANDARD_LAYOUTS.find((l) => l.name === "v5 all fields")!.fields.map((f) => names.indexOf(f));
  writeFileSync(allFieldsFile, lines.filter((l) => l !== "").map((l) => {
    const values = l.split(" ");
    return at.map((i) => (i < 0 ? "-" : values[i])).join(" ");
  }).join("\n") + "\n");
}
const headerless = readFileSync(allFieldsFile);
console.log(`${file}: ${(data.length / 1e6).toFixed(1)} MB, node ${process.version}`);
await report("fast path, with header", data, true);
await report("general path, with header", data, false);
await report("fast path, headerless all fields", headerless, true);
