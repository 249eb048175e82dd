// Flow-log family: parse → COPY raw flows and coverage gaps into the upload's own tables, and
// pre-aggregate per-second rollups (flag class × direction × action) on the way.
import { actionCode, directionCode, flagClassCode } from "@/lib/flows/codes";
import { flagClass } from "@/lib/flows/flag-class";
import { isIpAddress } from "@/lib/flows/ip";
import type { CoverageGap, FlowRecord, FlowSink } from "@/lib/parsers/flow-record";
import { CopyWriter, copyText } from "./copy-writer";
import type { FamilyIngester } from "./family";
import { attachUploadTable, createUploadTable } from "./partitions";

const RECORD_COLUMNS = [
  "start_ms", "end_ms", "src", "dst", "src_port", "dst_port", "protocol", "packets", "bytes",
  "action", "tcp_flags", "flag_class", "direction", "interface_id", "pkt_src", "pkt_dst",
] as const;

/**
 * Rollup cells keyed by (second, flag class, direction, action) packed into one small integer:
 * seconds are counted from the first record's, so keys stay V8 small integers (a Map keyed by
 * large doubles boxes every lookup and was the slowest part of flow ingest).
 */
class FlowRollup {
  readonly cells = new Map<number, [flows: number, packets: number, bytes: number]>();
  private base = NaN;

  add(startMs: number, cls: number, dir: number, act: number, packets: number, bytes: number): void {
    const sec = Math.floor(startMs / 1000);
    if (this.base !== this.base) this.base = sec;
    const key = ((sec - this.base) * 6 + cls) * 9 + dir * 3 + act;
    const cell = this.cells.get(key);
    if (cell) {
      cell[0]++;
      cell[1] += packets;
      cell[2] += bytes;
    } else this.cells.set(key, [1, packets, bytes]);
  }

  *rows(): Generator<string> {
    for (const [key, [flows, packets, bytes]] of this.cells) {
      const rest = ((key % 54) + 54) % 54; // keys may be negative for records before the first one
      const sec = this.base + (key - rest) / 54;
      const cls = Math.floor(rest / 9);
      const dir = Math.floor((rest % 9) / 3);
      const act = rest % 3;
      yield `${sec * 1000}\t${cls}\t${dir}\t${act}\t${flows}\t${packets}\t${bytes}`;
    }
  }
}

const ip = (s: string | null) => (s === null ? "\\N" : s);

/** One malformed address would make Postgres refuse the whole COPY, so each is checked here. */
function validAddresses(r: FlowRecord): boolean {
  // pkt-* usually repeat srcaddr/dstaddr: checked once.
  return (r.srcaddr === null || isIpAddress(r.srcaddr)) && (r.dstaddr === null || isIpAddress(r.dstaddr)) &&
    (r.pktSrcaddr === null || r.pktSrcaddr === r.srcaddr || isIpAddress(r.pktSrcaddr)) &&
    (r.pktDstaddr === null || r.pktDstaddr === r.dstaddr || isIpAddress(r.pktDstaddr));
}

export const ingestFlows: FamilyIngester = async ({ client, uploadId, format, chunks, progress, issues }) => {
  const recordsTable = await createUploadTable(client, "flow_records", uploadId);
  const gapsTable = await createUploadTable(client, "flow_gaps", uploadId);
  const rollupTable = await createUploadTable(client, "flow_rollups", uploadId);
  const records = new CopyWriter(client, recordsTable, RECORD_COLUMNS);
  const rollup = new FlowRollup();
  const gaps: CoverageGap[] = [];
  let timeFrom = Infinity;
  let timeTo = -Infinity;
  let lineHint = 0;

  const sink: FlowSink = {
    flow(r: FlowRecord) {
      if (!validAddresses(r)) return sink.reject({ line: lineHint, message: `near line ${lineHint}: an address is not an IP address` });
      const cls = flagClassCode(flagClass(r.tcpFlags, r.protocol));
      const dir = directionCode(r.direction);
      const act = actionCode(r.action);
      const w = records;
      w.num(r.start); w.tab(); w.num(r.end); w.tab(); w.raw(ip(r.srcaddr)); w.tab(); w.raw(ip(r.dstaddr)); w.tab();
      w.num(r.srcport); w.tab(); w.num(r.dstport); w.tab(); w.num(r.protocol); w.tab(); w.num(r.packets); w.tab();
      w.num(r.bytes); w.tab(); w.num(act); w.tab(); w.num(r.tcpFlags); w.tab(); w.num(cls); w.tab(); w.num(dir); w.tab();
      w.raw(copyText(r.interfaceId)); w.tab(); w.raw(ip(r.pktSrcaddr)); w.tab(); w.raw(ip(r.pktDstaddr));
      w.end();
      rollup.add(r.start, cls, dir, act, r.packets ?? 0, r.bytes ?? 0);
      if (r.start < timeFrom) timeFrom = r.start;
      if (r.end > timeTo) timeTo = r.end;
      progress.rowsParsed++;
    },
    gap(g: CoverageGap) {
      gaps.push(g);
      progress.rowsParsed++;
    },
    reject(issue) {
      issues.reject(issue);
      progress.rowsRejected++;
    },
  };

  const parser = format.create(sink as never);
  for await (const chunk of chunks) {
    parser.write(chunk);
    lineHint = progress.rowsParsed + progress.rowsRejected;
    await records.flushIfFull();
  }
  parser.end();
  const flowCount = await records.finish();

  progress.phase = "indexing";
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
