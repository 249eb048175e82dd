// Flow-log family: parse → COPY raw flows and coverage gaps into the upload's own tables, and
// pre-aggregate per-second rollups (flag class × direction × action) on the way. AWS S3 text logs
// take the byte-level fast path (aws-flow-fast.ts); every other format goes through its parser
// and FlowRows.sink.
import type { StreamParser } from "@/lib/parsers/types";
import type { VpcFlowOptions } from "@/lib/parsers/vpc-record";
import { AwsFlowFastParser } from "./aws-flow-fast";
import { tablesOf } from "@/lib/evidence/catalogue";
import { copyText } from "@/lib/evidence/copy-writer";
import { fillTalkersSql } from "@/lib/evidence/flow-talkers";
import { copyIntoUploadTable, createUploadTable, finishUploadTables } from "@/lib/evidence/partitions";
import type { FamilyIngester, FlowEntry } from "./family";
import { bulkRange } from "./bulk-range";
import { FlowRows } from "./flow-rows";

/**
 * The parser feeding `rows` for `format`; `fast: false` forces the general path (tests compare both).
 * `options.fields`: the layout of headerless AWS records (the upload's `fields` form field).
 */
export function flowParser(format: FlowEntry, rows: FlowRows, fast = true, options: VpcFlowOptions = {}): StreamParser {
  if (fast && format.kind === "aws-vpc-flow") return new AwsFlowFastParser(rows, options);
  return format.create(rows.sink, options);
}

export const ingestFlows: FamilyIngester<FlowEntry> = async ({ client, uploadId, format, chunks, progress, issues, clock, staged = false, flowFields }) => {
  const built = new Map<string, string>();
  for (const table of tablesOf("flows")) built.set(table, await createUploadTable(client, table, uploadId, staged));
  const records = copyIntoUploadTable(client, "flow_records", uploadId, { staged });
  const offsetMs = clock?.offsetMs ?? 0;
  const rows = new FlowRows(records, progress, issues, offsetMs);

  // The fast path copies the file's times verbatim: a shifted clock takes the general one.
  const parser = flowParser(format, rows, offsetMs === 0, { fields: flowFields });
  for await (const chunk of chunks) {
    parser.write(chunk);
    rows.lineHint = progress.rowsParsed + progress.rowsRejected;
    await records.flushIfFull();
  }
  parser.end();
  const flowCount = await records.finish();

  progress.phase = "indexing";
  const { gaps, rollup } = rows;
  const gapWriter = copyIntoUploadTable(client, "flow_gaps", uploadId, { staged });
  for (const g of gaps) gapWriter.row(`${g.start}\t${g.end}\t${g.status}\t${copyText(g.interfaceId)}`);
  await gapWriter.finish();
  const rollupWriter = copyIntoUploadTable(client, "flow_rollups", uploadId, { staged });
  for (const row of rollup.rows()) {
    rollupWriter.row(row);
    await rollupWriter.flushIfFull();
  }
  await rollupWriter.finish();
  // Per-minute top talkers, grouped from the rows just loaded (before their index: a full scan anyway).
  // Room to hash every grouping set at once: the planner over-estimates the groups (3.4M for 651k
  // real at 16M flows) and would sort all rows to disk instead (55-60 s against 23 s there).
  const { rows: [mem] } = await client.query<{ work_mem: string; hash_mem_multiplier: string }>(
    "SELECT current_setting('work_mem') AS work_mem, current_setting('hash_mem_multiplier') AS hash_mem_multiplier",
  );
  await client.query("SELECT set_config('work_mem', '256MB', true), set_config('hash_mem_multiplier', '8', true)");
  await client.query(fillTalkersSql(built.get("flow_talkers")!, built.get("flow_records")!));
  await client.query("SELECT set_config('work_mem', $1, true), set_config('hash_mem_multiplier', $2, true)", [mem!.work_mem, mem!.hash_mem_multiplier]);

  await finishUploadTables(client, tablesOf("flows"), uploadId, staged);

  // Gaps (NODATA/SKIPDATA windows) are evidence of coverage too.
  for (const g of gaps) {
    rows.starts.add(g.start);
    rows.ends.add(g.end);
  }
  return { rowsParsed: flowCount, gaps: gaps.length, ...bulkRange(issues, "flow records", rows.starts, rows.ends) };
};
