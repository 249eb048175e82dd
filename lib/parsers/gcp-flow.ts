// GCP VPC flow logs as Cloud Logging LogEntry JSON: JSON lines (a log sink / `gcloud logging read
// --format=json` output), a top-level array of entries, or `{"entries":[…]}` (entries.list). The
// record is `jsonPayload` (also accepted: dotted keys such as "jsonPayload.connection.src_ip" from
// flattening exports, or a bare payload object). GCP has no TCP flags and no action; direction
// comes from the reporter (SRC → egress, DEST → ingress). The reporting VM fills instanceId and its
// VPC/subnet vpcId/subnetId; the project is kept as accountId. interfaceId stays null.
import type { FlowSink } from "./flow-record";
import { firstSignificantByte, headText, isObject, parseIsoMs } from "./flow-util";
import { JsonObjectStream } from "./json-object-stream";
import type { FormatInfo, StreamParser } from "./types";

/** Value at a dotted path, through nested objects and/or keys that themselves contain dots. */
function get(value: unknown, path: string): unknown {
  if (!isObject(value)) return undefined;
  if (path in value) return value[path];
  for (let dot = path.indexOf("."); dot !== -1; dot = path.indexOf(".", dot + 1)) {
    const head = path.slice(0, dot);
    if (head in value) {
      const found = get(value[head], path.slice(dot + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/** Decodes one LogEntry; returns the reason when it cannot be kept. */
function decodeEntry(entry: unknown, sink: FlowSink): string | null {
  const hasConnection = (prefix: string) =>
    ["connection", "connection.src_ip", "connection.dest_ip"].some((p) => get(entry, prefix + p) !== undefined);
  const prefix = hasConnection("jsonPayload.") ? "jsonPayload." : hasConnection("") ? "" : null;
  if (prefix === null) return "not a VPC flow log entry (no jsonPayload.connection)";
  const field = (name: string) => get(entry, prefix + name);
  let problem: string | null = null;
  const int = (name: string): number | null => {
    const v = field(name);
    if (v === undefined || v === null) return null;
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return v;
    if (typeof v === "string" && /^\d{1,15}$/.test(v)) return Number(v);
    problem ??= `${name} ${JSON.stringify(v)} is not a number`;
    return null;
  };
  const time = (name: string): number | null => {
    const v = field(name);
    if (v === undefined || v === null) return null;
    const t = typeof v === "string" ? parseIsoMs(v) : null;
    if (t === null) problem ??= `${name} ${JSON.stringify(v)} is not an RFC 3339 time`;
    return t;
  };

  const start = time("start_time");
  const end = time("end_time") ?? start;
  const reporter = str(field("reporter"));
  const side = reporter?.startsWith("DEST") ? "dest" : "src";
  const record = {
    srcaddr: str(field("connection.src_ip")),
    dstaddr: str(field("connection.dest_ip")),
    srcport: int("connection.src_port"),
    dstport: int("connection.dest_port"),
    protocol: int("connection.protocol"),
    packets: int("packets_sent"),
    bytes: int("bytes_sent"),
  };
  if (problem !== null) return problem;
  if (start === null || end === null) return "start_time is missing";
  sink.flow({
    start, end, ...record, action: null, tcpFlags: null,
    direction: reporter?.startsWith("SRC") ? "egress" : reporter?.startsWith("DEST") ? "ingress" : null,
    interfaceId: null, pktSrcaddr: null, pktDstaddr: null,
    accountId: str(field(`${side}_instance.project_id`)) ?? str(field(`${side}_vpc.project_id`)) ?? str(get(entry, "resource.labels.project_id")),
    vpcId: str(field(`${side}_vpc.vpc_name`)),
    subnetId: str(field(`${side}_vpc.subnetwork_name`)) ?? str(get(entry, "resource.labels.subnetwork_name")),
    instanceId: str(field(`${side}_instance.vm_name`)),
  });
  return null;
}

export const gcpFlowFormat: FormatInfo = {
  kind: "gcp-vpc-flow",
  label: "GCP VPC flow logs",
  sniff(head) {
    const first = firstSignificantByte(head);
    if (first !== 0x7b && first !== 0x5b) return false;
    const text = headText(head);
    return /src_ip"\s*:/.test(text) && /dest_ip"\s*:/.test(text) && /"(jsonPayload[."]|start_time"|reporter")/.test(text);
  },
};

export function createGcpFlowParser(sink: FlowSink): StreamParser {
  return new JsonObjectStream(
    (entry, line) => {
      const problem = decodeEntry(entry, sink);
      if (problem !== null) sink.reject({ line, message: problem });
    },
    (issue) => sink.reject(issue),
    ["entries"],
  );
}
