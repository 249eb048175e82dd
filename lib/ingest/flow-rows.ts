// What every flow-log upload accumulates while it is parsed: flow_records rows (COPY text, in
// RECORD_COLUMNS order), coverage gaps, per-second rollup cells, the time range and the rejects.
// NODATA/SKIPDATA windows are gaps, not rows: `counts.rowsParsed` counts flow records only.
// `sink` is the general path, fed FlowRecords by any flow parser; the AWS text fast path
// (aws-flow-fast.ts) writes the same rows straight from the file's bytes and must stay
// byte-identical to it (aws-flow-fast.test.ts checks that).
import { actionCode, directionCode, flagClassCode } from "@/lib/flows/codes";
import { flagClass } from "@/lib/flows/flag-class";
import { isIpAddress } from "@/lib/flows/ip";
import type { CoverageGap, FlowRecord, FlowSink } from "@/lib/parsers/flow-record";
import type { ParseIssue } from "@/lib/parsers/types";
import { columnsOf } from "@/lib/evidence/catalogue";
import { timeProblem } from "@/lib/evidence/time-window";
import { copyText, type CopyWriter } from "@/lib/evidence/copy-writer";
import { TimeSpan } from "@/lib/time/time-span";

/** The order FlowRows and the fast path encode fields in: the catalogue's. */
export const RECORD_COLUMNS = columnsOf("flow_records");

/** Largest values the columns (and the fields' meaning) allow: beyond them COPY would fail the whole upload. */
export const MAX_PORT = 65535;
export const MAX_PROTOCOL = 255;
export const MAX_TCP_FLAGS = 32767; // SMALLINT

/**
 * Rollup cells keyed by (second, flag class, direction, action) packed into one small integer:
 * seconds are counted from the first record's, so keys stay V8 small integers (a Map keyed by
 * large doubles boxes every lookup and was the slowest part of flow ingest).
 */
export class FlowRollup {
  readonly cells = new Map<number, [flows: number, packets: number, bytes: number]>();
  private base = NaN;

  /** `sec`: epoch seconds of the record's start. */
  add(sec: number, cls: number, dir: number, act: number, packets: number, bytes: number): void {
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

const inRange = (v: number | null, max: number) => v === null || (v >= 0 && v <= max);

/** Why a record cannot be stored (a malformed address or an out-of-range number), or null. */
function unstorable(r: FlowRecord): string | null {
  // pkt-* usually repeat srcaddr/dstaddr: checked once.
  if (r.srcaddr !== null && !isIpAddress(r.srcaddr)) return `srcaddr ${JSON.stringify(r.srcaddr)} is not an IP address`;
  if (r.dstaddr !== null && !isIpAddress(r.dstaddr)) return `dstaddr ${JSON.stringify(r.dstaddr)} is not an IP address`;
  if (r.pktSrcaddr !== null && r.pktSrcaddr !== r.srcaddr && !isIpAddress(r.pktSrcaddr)) {
    return `pkt-srcaddr ${JSON.stringify(r.pktSrcaddr)} is not an IP address`;
  }
  if (r.pktDstaddr !== null && r.pktDstaddr !== r.dstaddr && !isIpAddress(r.pktDstaddr)) {
    return `pkt-dstaddr ${JSON.stringify(r.pktDstaddr)} is not an IP address`;
  }
  if (!inRange(r.srcport, MAX_PORT)) return `srcport ${r.srcport} is out of range (0–${MAX_PORT})`;
  if (!inRange(r.dstport, MAX_PORT)) return `dstport ${r.dstport} is out of range (0–${MAX_PORT})`;
  if (!inRange(r.protocol, MAX_PROTOCOL)) return `protocol ${r.protocol} is out of range (0–${MAX_PROTOCOL})`;
  if (!inRange(r.tcpFlags, MAX_TCP_FLAGS)) return `tcp-flags ${r.tcpFlags} is out of range (0–${MAX_TCP_FLAGS})`;
  for (const [field, value] of Object.entries(r)) {
    if (typeof value === "string" && value.includes("\u0000")) return `${field} contains a NUL byte`;
  }
  return timeProblem("start", r.start) ?? timeProblem("end", r.end);
}

export interface FlowCounts {
  rowsParsed: number;
  rowsRejected: number;
}

const ip = (s: string | null) => (s === null ? "\\N" : s);

export class FlowRows {
  readonly rollup = new FlowRollup();
  readonly gaps: CoverageGap[] = [];
  timeFrom = Infinity;
  timeTo = -Infinity;
  /** Where the bulk of the records' starts and ends lie (the upload's range). */
  readonly starts = new TimeSpan();
  readonly ends = new TimeSpan();
  /** Line reported for records of parsers that do not pass line numbers (approximate). */
  lineHint = 0;
  readonly sink: FlowSink;
  private readonly noted = new Set<string>();

  constructor(
    readonly records: CopyWriter,
    readonly counts: FlowCounts,
    private readonly rejects: { reject(issue: ParseIssue): void; note?(issue: ParseIssue): void },
    /** The upload's clock offset, added to every start and end (the fast path handles only 0). */
    private readonly offsetMs = 0,
  ) {
    this.sink = {
      flow: (r, line) => this.flow(offsetMs ? { ...r, start: r.start + offsetMs, end: r.end + offsetMs } : r, line),
      gap: (g) => {
        if (offsetMs) g = { ...g, start: g.start + offsetMs, end: g.end + offsetMs };
        if (g.interfaceId?.includes("\u0000") || g.status.includes("\u0000")) {
          return this.reject({ line: this.lineHint, message: "a NODATA/SKIPDATA record with a NUL byte: set aside" });
        }
        this.gaps.push(g);
      },
      reject: (issue) => this.reject(issue),
      // Once per message: every header of concatenated objects repeats its layout's note.
      note: (issue) => {
        if (this.noted.has(issue.message)) return;
        this.noted.add(issue.message);
        this.rejects.note?.(issue);
      },
    };
  }

  reject(issue: ParseIssue): void {
    this.rejects.reject(issue);
    this.counts.rowsRejected++;
  }

  private flow(r: FlowRecord, line: number | undefined): void {
    const problem = unstorable(r);
    if (problem !== null) {
      const at = line ?? this.lineHint;
      return this.reject({ line: at, message: line === undefined ? `near line ${at}: ${problem}` : problem });
    }
    const cls = flagClassCode(flagClass(r.tcpFlags, r.protocol));
    const dir = directionCode(r.direction);
    const act = actionCode(r.action);
    const w = this.records;
    w.num(r.start); w.tab(); w.num(r.end); w.tab(); w.raw(ip(r.srcaddr)); w.tab(); w.raw(ip(r.dstaddr)); w.tab();
    w.num(r.srcport); w.tab(); w.num(r.dstport); w.tab(); w.num(r.protocol); w.tab(); w.num(r.packets); w.tab();
    w.num(r.bytes); w.tab(); w.num(act); w.tab(); w.num(r.tcpFlags); w.tab(); w.num(cls); w.tab(); w.num(dir); w.tab();
    w.raw(copyText(r.interfaceId)); w.tab(); w.raw(ip(r.pktSrcaddr)); w.tab(); w.raw(ip(r.pktDstaddr));
    w.end();
    this.rollup.add(Math.floor(r.start / 1000), cls, dir, act, r.packets ?? 0, r.bytes ?? 0);
    if (r.start < this.timeFrom) this.timeFrom = r.start;
    if (r.end > this.timeTo) this.timeTo = r.end;
    this.starts.add(r.start);
    this.ends.add(r.end);
    this.counts.rowsParsed++;
  }
}
