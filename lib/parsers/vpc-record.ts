// One AWS VPC flow record (space-separated fields of a known layout) → FlowRecord / CoverageGap.
// Shared by the S3 text, CloudWatch and CSV `@message` parsers, and the general path behind the
// byte-level S3 text ingest fast path (lib/ingest/aws-flow-fast.ts), which hands it every line it
// does not handle itself. It is hand-written for speed too: one pass over the line, numeric
// fields parsed from char codes while they are scanned, other fields delimited with indexOf (measured:
// a native indexOf beats a JS loop even for one-character fields), no regex, no
// split, and one object literal of a fixed shape per record.
import { isKnownFlowField, normaliseFlowField } from "@/lib/flows/aws-flow-fields";
import type { FlowSink } from "./flow-record";

/** Options of the parsers built on this decoder (S3 text, CloudWatch, CSV `@message`). */
export interface VpcFlowOptions {
  /**
   * Field names in record order for records without a header line; `${name}` and `_` spellings
   * are accepted. Without them the layout is detected among the standard ones (vpc-layouts.ts).
   */
  fields?: readonly string[];
}

// Field codes. Numeric ones come first so one comparison routes them to the integer scanner.
// Exported (as FIELD) for the byte-level AWS text fast path in lib/ingest/aws-flow-fast.ts.
const IGNORED = 0;
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
const ACCOUNT_ID = 14;
const VPC_ID = 15;
const SUBNET_ID = 16;
const INSTANCE_ID = 17;
const ACTION = 18;
const LOG_STATUS = 19;
const FLOW_DIRECTION = 20;

export const FIELD = {
  IGNORED, SRCPORT, DSTPORT, PROTOCOL, PACKETS, BYTES, START, END, TCP_FLAGS, LAST_NUMERIC, SRCADDR, DSTADDR,
  PKT_SRCADDR, PKT_DSTADDR, INTERFACE_ID, ACCOUNT_ID, VPC_ID, SUBNET_ID, INSTANCE_ID, ACTION, LOG_STATUS, FLOW_DIRECTION,
  COUNT: 21,
} as const;

const FIELD_CODES = new Map(
  Object.entries({
    srcport: SRCPORT, dstport: DSTPORT, protocol: PROTOCOL, packets: PACKETS, bytes: BYTES, start: START,
    end: END, "tcp-flags": TCP_FLAGS, srcaddr: SRCADDR, dstaddr: DSTADDR, "pkt-srcaddr": PKT_SRCADDR,
    "pkt-dstaddr": PKT_DSTADDR, "interface-id": INTERFACE_ID, "account-id": ACCOUNT_ID, "vpc-id": VPC_ID,
    "subnet-id": SUBNET_ID, "instance-id": INSTANCE_ID, action: ACTION, "log-status": LOG_STATUS,
    "flow-direction": FLOW_DIRECTION,
    // Transit Gateway records have no interface-id: the attachment is where the flow was seen.
    "tgw-attachment-id": INTERFACE_ID,
  }),
);

/** True for the fields this decoder maps onto a FlowRecord (not merely documented ones). */
export const isMappedField = (name: string) => FIELD_CODES.has(normaliseFlowField(name));
/** The FIELD code of each name of a field list (IGNORED for names without a FlowRecord slot). */
export const fieldCodes = (fields: readonly string[]) => Uint8Array.from(fields, (n) => FIELD_CODES.get(normaliseFlowField(n)) ?? IGNORED);

const SPACE = 32;
const DASH = 45;

/** Said once per upload when a layout has `end` but no `start` (NAT gateway and Transit Gateway custom formats). */
export const END_AS_TIME = "the flow log's fields have no start: each record's end is taken as its start time (flows are counted at their end)";

/** End of the field that continues at `p` (native indexOf; the next space may lie past `to`). */
function fieldEnd(text: string, p: number, to: number): number {
  const e = text.indexOf(" ", p);
  return e === -1 || e > to ? to : e;
}

const is = (text: string, from: number, to: number, word: string) => to - from === word.length && text.startsWith(word, from);

/** Decodes records of one field layout and hands them to the sink. */
export class VpcRecordDecoder {
  private readonly fieldCount: number;
  private readonly names: string[];
  private readonly codes: Uint8Array;
  private readonly hasStart: boolean;
  private readonly hasEnd: boolean;

  constructor(fields: readonly string[], private readonly sink: FlowSink) {
    this.names = fields.map(normaliseFlowField);
    this.fieldCount = fields.length;
    this.codes = fieldCodes(fields);
    this.hasStart = this.codes.includes(START);
    this.hasEnd = this.codes.includes(END);
    if (!this.hasStart && this.hasEnd) sink.note?.({ line: 0, message: END_AS_TIME });
  }

  /** The layout's field names (normalised). */
  get fields(): readonly string[] {
    return this.names;
  }

  /**
   * Decodes the record in text[from, to). Blank input is ignored; a record with the wrong field
   * count or a bad value is rejected with the reason. `fallbackInterface` fills a missing interface-id.
   */
  decode(text: string, from: number, to: number, lineNumber: number, fallbackInterface: string | null): void {
    const { codes, fieldCount } = this;
    let start = -1;
    let end = -1;
    let srcport: number | null = null;
    let dstport: number | null = null;
    let protocol: number | null = null;
    let packets: number | null = null;
    let bytes: number | null = null;
    let tcpFlags: number | null = null;
    let srcaddr: string | null = null;
    let dstaddr: string | null = null;
    let pktSrcaddr: string | null = null;
    let pktDstaddr: string | null = null;
    let interfaceId: string | null = null;
    let accountId: string | null = null;
    let vpcId: string | null = null;
    let subnetId: string | null = null;
    let instanceId: string | null = null;
    let action: "ACCEPT" | "REJECT" | null = null;
    let direction: "ingress" | "egress" | null = null;
    let status: "OK" | "NODATA" | "SKIPDATA" = "OK";
    let bad: string | null = null; // first bad value, reported only if the field count is right

    let col = 0;
    for (let p = from; p < to; p++) {
      let c = text.charCodeAt(p);
      if (c === SPACE) continue;
      const s = p;
      const code = col < fieldCount ? codes[col]! : IGNORED;
      col++;
      if (code !== IGNORED && code <= LAST_NUMERIC) {
        let v = 0;
        for (;;) {
          const d = c - 48;
          if (d < 0 || d > 9) break;
          v = v * 10 + d;
          if (++p === to) {
            c = SPACE;
            break;
          }
          c = text.charCodeAt(p);
        }
        if (c !== SPACE) {
          p = fieldEnd(text, p, to);
          if (p - s !== 1 || text.charCodeAt(s) !== DASH) bad ??= this.problem(col - 1, text.slice(s, p), "is not a number");
        } else if (v > Number.MAX_SAFE_INTEGER) bad ??= this.problem(col - 1, text.slice(s, p), "is too large");
        else if (code === SRCPORT) srcport = v;
        else if (code === DSTPORT) dstport = v;
        else if (code === PROTOCOL) protocol = v;
        else if (code === PACKETS) packets = v;
        else if (code === BYTES) bytes = v;
        else if (code === START) start = v * 1000;
        else if (code === END) end = v * 1000;
        else tcpFlags = v;
        continue;
      }
      p = fieldEnd(text, p, to);
      if (code === IGNORED || (c === DASH && p - s === 1)) continue;
      switch (code) {
        case SRCADDR: srcaddr = text.slice(s, p); break;
        case DSTADDR: dstaddr = text.slice(s, p); break;
        case PKT_SRCADDR: pktSrcaddr = text.slice(s, p); break;
        case PKT_DSTADDR: pktDstaddr = text.slice(s, p); break;
        case INTERFACE_ID: interfaceId = text.slice(s, p); break;
        case ACCOUNT_ID: accountId = text.slice(s, p); break;
        case VPC_ID: vpcId = text.slice(s, p); break;
        case SUBNET_ID: subnetId = text.slice(s, p); break;
        case INSTANCE_ID: instanceId = text.slice(s, p); break;
        case ACTION:
          if (is(text, s, p, "ACCEPT")) action = "ACCEPT";
          else if (is(text, s, p, "REJECT")) action = "REJECT";
          else bad ??= this.problem(col - 1, text.slice(s, p), "is not ACCEPT or REJECT");
          break;
        case LOG_STATUS:
          if (is(text, s, p, "NODATA")) status = "NODATA";
          else if (is(text, s, p, "SKIPDATA")) status = "SKIPDATA";
          else if (!is(text, s, p, "OK")) bad ??= this.problem(col - 1, text.slice(s, p), "is not OK, NODATA or SKIPDATA");
          break;
        case FLOW_DIRECTION:
          if (is(text, s, p, "ingress")) direction = "ingress";
          else if (is(text, s, p, "egress")) direction = "egress";
          else bad ??= this.problem(col - 1, text.slice(s, p), "is not ingress or egress");
      }
    }

    const sink = this.sink;
    if (col === 0) return;
    if (col !== fieldCount) return sink.reject({ line: lineNumber, message: `expected ${fieldCount} fields, got ${col}` });
    if (bad !== null) return sink.reject({ line: lineNumber, message: bad });
    if (start < 0 && !this.hasStart) start = end;
    if (start < 0) {
      const message = this.hasStart ? "start is missing" : this.hasEnd ? "end is missing" : "the field list has no start or end field";
      return sink.reject({ line: lineNumber, message });
    }
    if (end < 0) end = start;
    if (interfaceId === null) interfaceId = fallbackInterface;
    if (status !== "OK") return sink.gap({ start, end, status, interfaceId, accountId });
    sink.flow({
      start, end, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, action, tcpFlags, direction,
      interfaceId, pktSrcaddr, pktDstaddr, accountId, vpcId, subnetId, instanceId,
    }, lineNumber);
  }

  private problem(column: number, value: string, what: string): string {
    return `${this.names[column]} ${JSON.stringify(value)} ${what}`;
  }
}

/** The field names when text[from, to) is a header: only name-like tokens, at least one a known field. */
export function headerFields(text: string, from = 0, to = text.length): string[] | null {
  let inName = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const lower = c >= 97 && c <= 122;
    if (c === SPACE) inName = false;
    else if (!inName) {
      if (!lower) return null;
      inName = true;
    } else if (!lower && c !== DASH && c !== 95 && !(c >= 48 && c <= 57)) return null;
  }
  const names = text.slice(from, to).split(" ").filter((t) => t !== "");
  return names.some(isKnownFlowField) ? names : null;
}

const FLOW_WORDS = new Set(["ACCEPT", "REJECT", "OK", "NODATA", "SKIPDATA"]);
const ADDRESS_LIKE = /^(eni-[0-9a-f]+|\d{1,3}(\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:.]+)$/i;

/** Loose check for one flow record of any field layout (CloudWatch messages, `@message` cells). */
export function looksLikeVpcRecord(text: string): boolean {
  const tokens = text.trim().split(" ");
  return (
    tokens.length >= 4 &&
    tokens.every((t) => /^[\w.:-]+$/.test(t)) &&
    tokens.some((t) => FLOW_WORDS.has(t)) &&
    tokens.some((t) => ADDRESS_LIKE.test(t))
  );
}
