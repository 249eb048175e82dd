// Flow-log family: parse → COPY raw flows and coverage gaps into the upload's own tables, and
// pre-aggregate per-second rollups (flag class × direction × action) on the way. AWS S3 text logs
// take the byte-level fast path (aws-flow-fast.ts); every other format goes through its parser
// and FlowRows.sink.
import type { StreamParser } from "@/lib/parsers/types";
import { AwsFlowFastParser } from "./aws-flow-fast";
import { CopyWriter, copyText } from "@/lib/evidence/copy-writer";
import type { FamilyIngester, FormatEntry } from "./family";
import { FlowRows, RECORD_COLUMNS } from "./flow-rows";
import { attachUploadTable, createUploadTable } from "@/lib/evidence/partitions";

/** The parser feeding `rows` for `format`; `fast: false` forces the general path (tests compare both). */
export function flowParser(format: FormatEntry<unknown>, rows: FlowRows, fast = true): StreamParser {
  if (fast && format.kind === "aws-vpc-flow") return new AwsFlowFastParser(rows);
  return format.create(rows.sink as never);
}

export const ingestFlows: FamilyIngester = async ({ client, uploadId, format, chunks, progress, issues }) => {
  const recordsTable = await createUploadTable(client, "flow_records", uploadId);
  const gapsTable = await createUploadTable(client, "flow_gaps", uploadId);
  const rollupTable = await createUploadTable(client, "flow_rollups", uploadId);
  const records = new CopyWriter(client, recordsTable, RECORD_COLUMNS);
  const rows = new FlowRows(records, progress, issues);

  const parser = flowParser(format, rows);
  for await (const chunk of chunks) {
    parser.write(chunk);
    rows.lineHint = progress.rowsParsed + progress.rowsRejected;
    await records.flushIfFull();
  }
  parser.end();
  const flowCount = await records.finish();

  progress.phase = "indexing";
  const { gaps, rollup } = rows;
  const gapWriter = new CopyWriter(client, gapsTable, ["start_ms", "end_ms", "status", "interface_id"]);
  for (const g of gaps) gapWriter.row(`${g.start}\t${g.end}\t${g.status}\t${copyText(g.interfaceId)}`);
  await gapWriter.finish();
  const rollupWriter = new CopyWriter(client, rollupTable, ["ts", "flag_class", "direction", "action", "flows", "packets", "bytes"]);
  for (const row of rollup.rows()) {
    rollupWriter.row(row);
    await rollupWriter.flushIfFull();
  }
  await rollupWriter.finish();

  // Indexes are built once after loading (much cheaper than maintaining them during COPY).
  await client.query(`CREATE INDEX ON ${recordsTable} USING brin (start_ms) WITH (pages_per_range = 16)`);
  await client.query(`CREATE INDEX ON ${rollupTable} (ts)`);
  for (const table of ["flow_records", "flow_gaps", "flow_rollups"] as const) await attachUploadTable(client, table, uploadId);

  let { timeFrom, timeTo } = rows;
  for (const g of gaps) {
    timeFrom = Math.min(timeFrom, g.start);
    timeTo = Math.max(timeTo, g.end);
  }
  return {
    rowsParsed: flowCount + gaps.length,
    timeFrom: Number.isFinite(timeFrom) ? timeFrom : null,
    timeTo: Number.isFinite(timeTo) ? timeTo : null,
  };
};
