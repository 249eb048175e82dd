// AWS VPC flow logs (S3 text) → flow_records COPY rows, straight from the file's bytes.
//
// Hand-written on purpose: this is the ingest hot path (a 2M-row log must load about as fast as
// `psql \copy`), and the general path — UTF-8 decode, a FlowRecord object and strings per
// record, then re-encoding every value into COPY text — cost ~9 µs a row, three times the budget.
// The AWS text format is nearly COPY text already (space-separated, '-' for null), so each field is
// validated in place on the bytes (digits, IPv4 octets, known words) and copied verbatim into the
// COPY buffer; no per-record object or string is made. Only the plain common case is handled here:
// any line that is unusual in any way (a header, the first record of a headerless file, whose
// layout the general path detects, NODATA/SKIPDATA, a wrong field count, a bad or
// out-of-range value, leading zeros, huge numbers, non-ASCII or escapable bytes in the interface
// id, a layout repeating a field) goes to the general decoder (VpcRecordDecoder → FlowRows.sink)
// with its exact line number, so rows, rollups, gaps and rejects are identical to the general
// path's; aws-flow-fast.test.ts feeds both the same lines and compares their output byte for byte.
import { EARLIEST_EVIDENCE_MS, latestEvidenceMs } from "@/lib/evidence/time-window";
import { isIpAddress } from "@/lib/flows/ip";
import { HeaderlessVpcRecords } from "@/lib/parsers/vpc-layouts";
import { FIELD, fieldCodes, headerFields, type VpcFlowOptions } from "@/lib/parsers/vpc-record";
import { LineCarry, MAX_LINE_BYTES, oversizedLine } from "@/lib/parsers/line-splitter";
import type { StreamParser } from "@/lib/parsers/types";
import { MAX_PORT, MAX_PROTOCOL, MAX_TCP_FLAGS, type FlowRows } from "./flow-rows";

const SPACE = 32;
const DASH = 45;
const TAB = 9;
const LF = 10;
const CR = 13;
const BACKSLASH = 92;
const ZERO = 48;

// FIELD codes of vpc-record.ts as literal constants: the production bundle inlines literals, but
// turns destructured imports into mutable module variables that every hot-loop access must load
// (aws-flow-fast.test.ts checks they agree).
export const CODES = {
  SRCPORT: 1, DSTPORT: 2, PROTOCOL: 3, PACKETS: 4, BYTES: 5, START: 6, END: 7, TCP_FLAGS: 8, LAST_NUMERIC: 8, SRCADDR: 9,
  DSTADDR: 10, PKT_SRCADDR: 11, PKT_DSTADDR: 12, INTERFACE_ID: 13, ACTION: 18, LOG_STATUS: 19, FLOW_DIRECTION: 20,
} as const;
const SRCPORT = 1;
const DSTPORT = 2;
const PROTOCOL = 3;
const PACKETS = 4;
const BYTES = 5;
const START = 6;
const END = 7;
const TCP_FLAGS = 8;
const LAST_NUMERIC = 8;
const SRCADDR = 9;
const DSTADDR = 10;
const PKT_SRCADDR = 11;
const PKT_DSTADDR = 12;
const INTERFACE_ID = 13;
const ACTION = 18;
const LOG_STATUS = 19;
const FLOW_DIRECTION = 20;

const bytesOf = (word: string) => Uint8Array.from(word, (c) => c.charCodeAt(0));
const ACCEPT = bytesOf("ACCEPT");
const REJECT = bytesOf("REJECT");
const INGRESS = bytesOf("ingress");
const EGRESS = bytesOf("egress");

function isWord(b: Uint8Array, s: number, e: number, word: Uint8Array): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[s + i] !== word[i]) return false;
  return true;
}

export class AwsFlowFastParser implements StreamParser {
  private readonly carry: LineCarry;
  private lineNumber = 0;
  private first = true;
  /** The general decoder, which also detects the layout of headerless records. */
  private readonly records: HeaderlessVpcRecords;
  private codes = new Uint8Array(0);
  private fieldCount = 0;
  /**
   * False while the layout is unknown and for layouts the fast path does not handle (neither start
   * nor end, a repeated field): every line goes the general way.
   */
  private fastLayout = false;
  // Per mapped field of the current line: byte range (start −1 = '-' or absent) and numeric value.
  private readonly from = new Int32Array(FIELD.COUNT);
  private readonly to = new Int32Array(FIELD.COUNT);
  private readonly value = new Float64Array(FIELD.COUNT);
  // DataViews of the current input chunk and output buffer: copies move four bytes at a time.
  private inView: DataView | null = null;
  private outBuf: Buffer | null = null;
  private outView: DataView | null = null;
  /** Lines handed to the general decoder (headers, gaps, odd or bad records). */
  generalLines = 0;
  /** The evidence time window in epoch seconds; records outside it go the general way, which rejects them. */
  private readonly earliestSec = EARLIEST_EVIDENCE_MS / 1000;
  private readonly latestSec = Math.floor(latestEvidenceMs() / 1000);

  constructor(private readonly rows: FlowRows, options: VpcFlowOptions = {}) {
    this.carry = new LineCarry(rows.sink);
    this.records = new HeaderlessVpcRecords(rows.sink, options.fields);
    if (options.fields) this.useCodes(options.fields);
  }

  private useCodes(fields: readonly string[]): void {
    const codes = fieldCodes(fields);
    // Without start, end is the record's time (as VpcRecordDecoder takes it): its column is read as start.
    if (!codes.includes(START)) codes.forEach((c, i) => c === END && (codes[i] = START));
    this.codes = codes;
    this.fieldCount = fields.length;
    const mapped = [...codes].filter((c) => c !== FIELD.IGNORED);
    this.fastLayout = mapped.includes(START) && new Set(mapped).size === mapped.length;
    this.from.fill(-1);
  }

  write(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    if (!this.carry.empty) {
      // Complete the carried partial line on its own rather than copying the whole chunk after it.
      const nl = buf.indexOf(LF);
      if (nl === -1) {
        this.carry.add(buf);
        return;
      }
      this.carried(buf.subarray(0, nl + 1));
      from = nl + 1;
    }
    const last = buf.lastIndexOf(LF);
    if (last >= from) this.lines(buf, from, last + 1);
    const rest = Math.max(last + 1, from);
    if (rest < buf.length) this.carry.add(buf.subarray(rest));
  }

  end(): void {
    if (!this.carry.empty) this.carried(Buffer.of(LF));
  }

  private carried(tail: Buffer): void {
    const line = this.carry.finish(tail, this.lineNumber + 1);
    if (line) this.lines(line, 0, line.length);
    else this.lineNumber++;
  }

  /** Complete lines in b[from, to); b[to − 1] is LF. */
  private lines(b: Buffer, from: number, to: number): void {
    this.inView = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let s = from;
    if (this.first) {
      this.first = false;
      if (to - s >= 3 && b[s] === 0xef && b[s + 1] === 0xbb && b[s + 2] === 0xbf) s += 3;
    }
    while (s < to) {
      if (b[s] === LF) {
        // A blank line stores nothing; runs of them (padding, a bomb of newlines) skip the search.
        this.lineNumber++;
        s++;
        continue;
      }
      const nl = b.indexOf(LF, s);
      const e = nl > s && b[nl - 1] === CR ? nl - 1 : nl;
      const lineNumber = ++this.lineNumber;
      const c = b[s]!;
      if (e - s > MAX_LINE_BYTES) this.rows.sink.reject(oversizedLine(lineNumber, e - s));
      else if (c >= 97 && c <= 122) this.maybeHeader(b, s, e, lineNumber);
      else if (!this.fastLayout || !this.record(b, s, e)) this.general(b, s, e, lineNumber);
      s = nl + 1;
    }
  }

  private maybeHeader(b: Buffer, s: number, e: number, lineNumber: number): void {
    const text = b.toString("utf8", s, e);
    const fields = headerFields(text);
    if (!fields) return this.decode(text, lineNumber);
    this.generalLines++;
    this.records.useFields(fields);
    this.useCodes(fields);
  }

  private general(b: Buffer, s: number, e: number, lineNumber: number): void {
    this.decode(b.toString("utf8", s, e), lineNumber);
  }

  private decode(text: string, lineNumber: number): void {
    this.generalLines++;
    const known = this.records.fields;
    this.records.decode(text, 0, text.length, lineNumber, null);
    if (known === null && this.records.fields !== null) this.useCodes(this.records.fields);
  }

  /**
   * The fast path for the record in b[s, e): true when it was stored (or was blank), false when
   * the line must go the general way (nothing has been written then).
   */
  private record(b: Buffer, s: number, e: number): boolean {
    const { codes, fieldCount, from: F, to: T, value: V } = this;
    let p = s;
    let col = 0;
    for (;;) {
      while (p < e && b[p] === SPACE) p++;
      if (p >= e) break;
      const code = col < fieldCount ? codes[col]! : 0;
      col++;
      const f = p;
      if (code === 0) {
        while (p < e && b[p] !== SPACE) p++;
        continue;
      }
      let c = b[p]!;
      if (code <= LAST_NUMERIC) {
        if (c === DASH) {
          if (++p < e && b[p] !== SPACE) return false;
          F[code] = -1;
          continue;
        }
        if (c === ZERO && p + 1 < e && b[p + 1] !== SPACE) return false; // leading zeros: the general path canonicalises
        let v = 0;
        while (p < e) {
          c = b[p]!;
          const d = c - ZERO;
          if (d < 0 || d > 9) break;
          v = v * 10 + d;
          p++;
        }
        if ((p < e && c !== SPACE) || p - f > 15) return false;
        F[code] = f;
        T[code] = p;
        V[code] = v;
      } else if (code <= PKT_DSTADDR) {
        // Addresses (codes 9–12): a dotted quad is validated while it is scanned (octets of 1–3
        // digits ≤ 255, as isIpAddress accepts); anything else (IPv6, junk) is checked as text.
        let octets = 0;
        let octet = 0;
        let digits = 0;
        let v4 = true;
        for (; p < e; p++) {
          c = b[p]!;
          if (c === SPACE) break;
          if (c === 46) {
            if (digits === 0 || octet > 255) v4 = false;
            octets++;
            octet = 0;
            digits = 0;
          } else if (c >= ZERO && c <= 57 && digits < 3) {
            octet = octet * 10 + (c - ZERO);
            digits++;
          } else v4 = false;
        }
        if (p - f === 1 && b[f] === DASH) F[code] = -1;
        else if ((v4 && octets === 3 && digits > 0 && octet <= 255) || isIpAddress(b.toString("latin1", f, p))) {
          F[code] = f;
          T[code] = p;
        } else return false;
      } else {
        // Text fields are copied verbatim: a NUL, which PostgreSQL text cannot hold, sends the line the general way (rejected there).
        while (p < e && b[p] !== SPACE) {
          if (b[p] === 0) return false;
          p++;
        }
        if (c === DASH && p - f === 1) F[code] = -1;
        else {
          F[code] = f;
          T[code] = p;
        }
      }
    }
    if (col !== fieldCount) return col === 0; // blank lines are skipped, as the general path does

    // Values the general path would reject, turn into a gap, or encode differently.
    const sf = F[START]!;
    const startSec = V[START]!;
    if (sf < 0 || T[START]! - sf > 12 || startSec === 0) return false; // ×1000 must stay exact; "0" would be "0000"
    if (startSec < this.earliestSec || startSec > this.latestSec) return false; // the general path says why
    let ef = F[END]!;
    let et: number;
    let endSec: number;
    if (ef < 0) {
      ef = sf;
      et = T[START]!;
      endSec = startSec;
    } else {
      et = T[END]!;
      endSec = V[END]!;
      if (et - ef > 12 || endSec === 0) return false;
      if (endSec < this.earliestSec || endSec > this.latestSec) return false;
    }
    const ls = F[LOG_STATUS]!;
    if (ls >= 0 && !(T[LOG_STATUS]! - ls === 2 && b[ls] === 79 && b[ls + 1] === 75)) return false; // "OK"
    let act = 0;
    const af = F[ACTION]!;
    if (af >= 0) {
      if (isWord(b, af, T[ACTION]!, ACCEPT)) act = 1;
      else if (isWord(b, af, T[ACTION]!, REJECT)) act = 2;
      else return false;
    }
    let dir = 0;
    const df = F[FLOW_DIRECTION]!;
    if (df >= 0) {
      if (isWord(b, df, T[FLOW_DIRECTION]!, INGRESS)) dir = 1;
      else if (isWord(b, df, T[FLOW_DIRECTION]!, EGRESS)) dir = 2;
      else return false;
    }
    if ((F[SRCPORT]! >= 0 && V[SRCPORT]! > MAX_PORT) || (F[DSTPORT]! >= 0 && V[DSTPORT]! > MAX_PORT)) return false;
    const protocol = F[PROTOCOL]! >= 0 ? V[PROTOCOL]! : -1;
    if (protocol > MAX_PROTOCOL) return false;
    const flags = F[TCP_FLAGS]! >= 0 ? V[TCP_FLAGS]! : 0;
    if (flags > MAX_TCP_FLAGS) return false;
    // Flag class (lib/flows/flag-class.ts): 0 syn, 1 synack, 2 rst, 3 fin, 4 other, 5 none.
    const cls = (protocol >= 0 && protocol !== 6) || flags === 0 ? 5 : flags & 4 ? 2 : flags & 2 ? (flags & 16 ? 1 : 0) : flags & 1 ? 3 : 4;

    // Encode the row (RECORD_COLUMNS order). Every field but start (written twice when end is '-')
    // is copied at most once, so the line length plus a little bounds the row.
    const w = this.rows.records;
    w.ensure(e - s + 128);
    const o = w.buf;
    if (o !== this.outBuf) {
      this.outBuf = o;
      this.outView = new DataView(o.buffer, o.byteOffset, o.byteLength);
    }
    const ov = this.outView!;
    const bv = this.inView!;
    let q = copy(bv, b, sf, T[START]!, ov, o, w.pos);
    o[q++] = ZERO; o[q++] = ZERO; o[q++] = ZERO; o[q++] = TAB;
    q = copy(bv, b, ef, et, ov, o, q);
    o[q++] = ZERO; o[q++] = ZERO; o[q++] = ZERO; o[q++] = TAB;
    q = field(bv, b, F[SRCADDR]!, T[SRCADDR]!, ov, o, q);
    q = field(bv, b, F[DSTADDR]!, T[DSTADDR]!, ov, o, q);
    q = field(bv, b, F[SRCPORT]!, T[SRCPORT]!, ov, o, q);
    q = field(bv, b, F[DSTPORT]!, T[DSTPORT]!, ov, o, q);
    q = field(bv, b, F[PROTOCOL]!, T[PROTOCOL]!, ov, o, q);
    q = field(bv, b, F[PACKETS]!, T[PACKETS]!, ov, o, q);
    q = field(bv, b, F[BYTES]!, T[BYTES]!, ov, o, q);
    o[q++] = ZERO + act; o[q++] = TAB;
    q = field(bv, b, F[TCP_FLAGS]!, T[TCP_FLAGS]!, ov, o, q);
    o[q++] = ZERO + cls; o[q++] = TAB;
    o[q++] = ZERO + dir; o[q++] = TAB;
    const nf = F[INTERFACE_ID]!;
    if (nf < 0) {
      o[q++] = BACKSLASH; o[q++] = 78;
    } else {
      for (let i = nf; i < T[INTERFACE_ID]!; i++) {
        const c = b[i]!;
        if (c === BACKSLASH || c === TAB || c === CR || c > 127) return false; // COPY escapes / UTF-8: the general way
        o[q++] = c;
      }
    }
    o[q++] = TAB;
    q = field(bv, b, F[PKT_SRCADDR]!, T[PKT_SRCADDR]!, ov, o, q);
    const pf = F[PKT_DSTADDR]!;
    if (pf < 0) {
      o[q++] = BACKSLASH; o[q++] = 78;
    } else q = copy(bv, b, pf, T[PKT_DSTADDR]!, ov, o, q);
    w.pos = q;
    w.end();

    const rows = this.rows;
    rows.rollup.add(startSec, cls, dir, act, F[PACKETS]! >= 0 ? V[PACKETS]! : 0, F[BYTES]! >= 0 ? V[BYTES]! : 0);
    const startMs = startSec * 1000;
    const endMs = endSec * 1000;
    if (startMs < rows.timeFrom) rows.timeFrom = startMs;
    if (endMs > rows.timeTo) rows.timeTo = endMs;
    rows.starts.add(startMs);
    rows.ends.add(endMs);
    rows.counts.rowsParsed++;
    return true;
  }
}

/** Copies b[f, t) to o at q, four bytes at a time while it can (o has room: see ensure); returns the new q. */
function copy(bv: DataView, b: Buffer, f: number, t: number, ov: DataView, o: Buffer, q: number): number {
  for (; f + 4 <= t; f += 4, q += 4) ov.setUint32(q, bv.getUint32(f));
  for (; f < t; f++) o[q++] = b[f]!;
  return q;
}

/** Copies b[f, t) (or \N when f < 0) and a tab to o at q; returns the new q. */
function field(bv: DataView, b: Buffer, f: number, t: number, ov: DataView, o: Buffer, q: number): number {
  if (f < 0) {
    o[q++] = BACKSLASH;
    o[q++] = 78;
  } else q = copy(bv, b, f, t, ov, o, q);
  o[q++] = TAB;
  return q;
}
