// The standard layouts of headerless AWS flow records (CloudWatch messages, S3 text without its
// header line, Firehose JSON): the v2 default format and the "all fields" order of each version,
// in the order AWS documents the fields (docs/formats.md §1.2), plus the Transit Gateway default
// (version 6, all its fields). A record's `version` is the highest version among its fields, so
// an all-fields record carries its layout's version. Field counts differ between layouts; a line
// is taken for a layout only when its count, its version and every value fit.
import type { FlowSink } from "./flow-record";
import { VpcRecordDecoder } from "./vpc-record";

export interface VpcLayout {
  name: string;
  version: string;
  fields: readonly string[];
}

const V2 = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status".split(" ");
const V3 = [...V2, ..."vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr".split(" ")];
const V4 = [...V3, ..."region az-id sublocation-type sublocation-id".split(" ")];
const V5 = [...V4, ..."pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path".split(" ")];
const V7 = [
  ...V5,
  ..."ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id ecs-container-id ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id".split(" "),
];
const V8 = [...V7, "reject-reason"];
const TGW = (
  "version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id " +
  "tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id " +
  "tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type " +
  "packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region " +
  "flow-direction pkt-src-aws-service pkt-dst-aws-service"
).split(" ");

export const STANDARD_LAYOUTS: readonly VpcLayout[] = [
  { name: "v2 default", version: "2", fields: V2 },
  { name: "v3 all fields", version: "3", fields: V3 },
  { name: "v4 all fields", version: "4", fields: V4 },
  { name: "v5 all fields", version: "5", fields: V5 },
  { name: "Transit Gateway v6 default", version: "6", fields: TGW },
  { name: "v7 all fields", version: "7", fields: V7 },
  { name: "v8 all fields", version: "8", fields: V8 },
];

const TRIED = STANDARD_LAYOUTS.map((l) => `${l.name} (${l.fields.length} fields, version ${l.version})`).join(", ");
const ADDRESS = /^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*|-)$/;

/** Space-separated tokens of text[from, to). */
const tokensOf = (text: string, from: number, to: number) => text.slice(from, to).split(" ").filter((t) => t !== "");

/** Whether `tokens` decode cleanly in `layout`: a flow or a gap, addresses that look like addresses. */
function fits(layout: VpcLayout, tokens: string[], record: string): boolean {
  if (tokens.length !== layout.fields.length || tokens[0] !== layout.version) return false;
  for (const name of ["srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr"]) {
    const i = layout.fields.indexOf(name);
    if (i !== -1 && !ADDRESS.test(tokens[i]!)) return false;
  }
  let ok = false;
  const sink: FlowSink = { flow: () => (ok = true), gap: () => (ok = true), reject() {} };
  new VpcRecordDecoder(layout.fields, sink).decode(record, 0, record.length, 0, null);
  return ok;
}

/** The standard layout the headerless record text[from, to) is written in, or null when none fits. */
export function standardLayoutOf(text: string, from = 0, to = text.length): VpcLayout | null {
  const tokens = tokensOf(text, from, to);
  const record = tokens.join(" ");
  return STANDARD_LAYOUTS.find((l) => fits(l, tokens, record)) ?? null;
}

/** Why the headerless record text[from, to) was not read: it fits none of the standard layouts. */
export function noLayoutMessage(text: string, from = 0, to = text.length): string {
  const tokens = tokensOf(text, from, to);
  const first = tokens[0] ?? "";
  const version = /^\d{1,3}$/.test(first) ? ` and version ${first}` : `, the first ${JSON.stringify(first.slice(0, 40))} (not a version),`;
  return (
    `a headerless record with ${tokens.length} fields${version} fits none of the standard layouts (tried: ${TRIED}); ` +
    `send the flow log's format as the "fields" form field`
  );
}

/**
 * Decodes headerless records: in `fields` when given, else in the standard layout of the first
 * record that fits one (records before it are rejected with what was tried). A header line
 * (S3 text) replaces the layout through `useFields`.
 */
export class HeaderlessVpcRecords {
  private decoder: VpcRecordDecoder | null;

  constructor(
    private readonly sink: FlowSink,
    fields?: readonly string[],
  ) {
    this.decoder = fields ? new VpcRecordDecoder(fields, sink) : null;
  }

  /** The layout in use, null while none has been detected. */
  get fields(): readonly string[] | null {
    return this.decoder?.fields ?? null;
  }

  useFields(fields: readonly string[]): void {
    this.decoder = new VpcRecordDecoder(fields, this.sink);
  }

  /**
   * Settles the layout on text[from, to) if none is set yet: true when a layout is in use
   * afterwards; false when the record fits no standard layout (it has then been rejected).
   */
  settle(text: string, from: number, to: number, lineNumber: number): boolean {
    if (this.decoder) return true;
    const layout = standardLayoutOf(text, from, to);
    if (layout) {
      this.useFields(layout.fields);
      return true;
    }
    if (tokensOf(text, from, to).length > 0) this.sink.reject({ line: lineNumber, message: noLayoutMessage(text, from, to) });
    return false;
  }

  decode(text: string, from: number, to: number, lineNumber: number, fallbackInterface: string | null): void {
    if (this.settle(text, from, to, lineNumber)) this.decoder!.decode(text, from, to, lineNumber, fallbackInterface);
  }
}
