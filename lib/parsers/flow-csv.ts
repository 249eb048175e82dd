// Flow records as CSV: Athena query results over the AWS reference table (snake_case columns:
// srcaddr, dstaddr, tcp_flags, flow_direction, log_status, start, end …) and CloudWatch Logs
// Insights downloads (camelCase: srcAddr, startTime, logStatus, @timestamp, @message …). Column
// names are normalised (lower case, `_`/`-` dropped) and mapped by name. With no address/time
// columns but an `@message` column, each message is decoded as a flow record (in `options.fields`,
// else the standard layout the first message fits). RFC 4180 quoting; a quoted value spanning lines is not supported and
// its lines are rejected. Empty, `""` and `-` cells are null. A new header row switches the mapping.
import type { FlowRecord, FlowSink } from "./flow-record";
import { headLines, parseIsoMs } from "./flow-util";
import { LineSplitter } from "./line-splitter";
import type { FormatInfo, StreamParser } from "./types";
import { HeaderlessVpcRecords } from "./vpc-layouts";
import { looksLikeVpcRecord, type VpcFlowOptions } from "./vpc-record";

const ROLE_NAMES = [
  "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "logstatus",
  "tcpflags", "flowdirection", "interfaceid", "accountid", "pktsrcaddr", "pktdstaddr", "vpcid", "subnetid",
  "instanceid", "@message", "@timestamp", "@logstream",
] as const;
type Role = (typeof ROLE_NAMES)[number];
const ROLES = new Map<string, Role>([
  ...ROLE_NAMES.map((r) => [r, r] as const),
  ["starttime", "start"],
  ["endtime", "end"],
]);

// Header cells are names; every data row has a cell that is not (an address, a number, a message).
const NAME_LIKE = /^\s*@?[A-Za-z][\w-]*\s*$/;
const normalise = (name: string) => name.trim().toLowerCase().replace(/[_-]/g, "");

interface Layout {
  names: string[];
  column: Partial<Record<Role, number>>;
  /** Decode `@message` instead of the columns. */
  message: boolean;
}

function layoutOf(names: string[]): Layout | null {
  const column: Partial<Record<Role, number>> = {};
  names.forEach((name, i) => {
    const role = ROLES.get(normalise(name));
    if (role !== undefined) column[role] ??= i;
  });
  const hasAddress = column.srcaddr !== undefined || column.dstaddr !== undefined;
  const hasTime = column.start !== undefined || column["@timestamp"] !== undefined;
  if (hasAddress && hasTime) return { names, column, message: false };
  return column["@message"] !== undefined ? { names, column, message: true } : null;
}

/** RFC 4180 cells of one line, or what is wrong with it. */
export function splitCsvLine(line: string): string[] | string {
  if (line.indexOf('"') === -1) return line.split(",");
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let value = "";
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q === -1) return "unterminated quoted value (a line break inside quotes is not supported)";
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) !== 34) {
          i = q + 1;
          break;
        }
        value += '"';
        j = q + 2;
      }
      cells.push(value);
      if (i === line.length) return cells;
      if (line.charCodeAt(i) !== 44) return `unexpected text after a closing quote at character ${i + 1}`;
      i++;
    } else {
      const comma = line.indexOf(",", i);
      cells.push(comma === -1 ? line.slice(i) : line.slice(i, comma));
      if (comma === -1) return cells;
      i = comma + 1;
    }
  }
}

const streamInterface = (stream: string | null) => (stream === null ? null : (/^eni-[0-9a-f]+/.exec(stream)?.[0] ?? null));

/** Reads one row of a column layout; the first problem found is kept in `problem`. */
class Row {
  problem: string | null = null;

  constructor(private readonly layout: Layout, private readonly cells: string[]) {}

  text(role: Role): string | null {
    const i = this.layout.column[role];
    const v = i === undefined ? "" : this.cells[i]!.trim();
    return v === "" || v === "-" ? null : v;
  }

  int(role: Role): number | null {
    const v = this.text(role);
    if (v === null || /^\d{1,15}$/.test(v)) return v === null ? null : Number(v);
    return this.fail(role, v, "is not a number");
  }

  /** Epoch seconds (Athena bigint), epoch ms, or an ISO-8601 time (`from_unixtime`, `@timestamp`). */
  time(role: Role): number | null {
    const v = this.text(role);
    if (v === null) return null;
    if (/^\d{1,15}$/.test(v)) return Number(v) < 1e11 ? Number(v) * 1000 : Number(v);
    return parseIsoMs(v) ?? this.fail(role, v, "is not a time");
  }

  oneOf<T extends string>(role: Role, values: readonly T[]): T | null {
    const v = this.text(role);
    const match = v === null ? undefined : values.find((x) => x.toLowerCase() === v.toLowerCase());
    return v === null || match !== undefined ? (match ?? null) : this.fail(role, v, `is not ${values.join(" or ")}`);
  }

  private fail(role: Role, value: string, what: string): null {
    this.problem ??= `${this.layout.names[this.layout.column[role]!]} ${JSON.stringify(value)} ${what}`;
    return null;
  }
}

function decodeColumns(row: Row, line: number, sink: FlowSink): void {
  const start = row.time("start") ?? row.time("@timestamp");
  const end = row.time("end") ?? start;
  const status = row.oneOf("logstatus", ["OK", "NODATA", "SKIPDATA"] as const);
  const interfaceId = row.text("interfaceid") ?? streamInterface(row.text("@logstream"));
  const accountId = row.text("accountid");
  const record: FlowRecord = {
    start: start ?? 0, end: end ?? 0, srcaddr: row.text("srcaddr"), dstaddr: row.text("dstaddr"),
    srcport: row.int("srcport"), dstport: row.int("dstport"), protocol: row.int("protocol"),
    packets: row.int("packets"), bytes: row.int("bytes"), action: row.oneOf("action", ["ACCEPT", "REJECT"] as const),
    tcpFlags: row.int("tcpflags"), direction: row.oneOf("flowdirection", ["ingress", "egress"] as const),
    interfaceId, pktSrcaddr: row.text("pktsrcaddr"), pktDstaddr: row.text("pktdstaddr"), accountId,
    vpcId: row.text("vpcid"), subnetId: row.text("subnetid"), instanceId: row.text("instanceid"),
  };
  if (row.problem !== null) return sink.reject({ line, message: row.problem });
  if (start === null || end === null) return sink.reject({ line, message: "start is missing" });
  if (status === "NODATA" || status === "SKIPDATA") return sink.gap({ start, end, status, interfaceId, accountId });
  sink.flow(record);
}

const NO_HEADER = "no flow columns in the header (need srcaddr/dstaddr with start/startTime, or @message)";

export const flowCsvFormat: FormatInfo = {
  kind: "flow-csv",
  label: "Flow log CSV (Athena / CloudWatch Logs Insights)",
  sniff(head) {
    const [header, first] = headLines(head, 2);
    const names = header?.includes(",") ? splitCsvLine(header) : null;
    const layout = Array.isArray(names) ? layoutOf(names) : null;
    if (!layout) return false;
    if (!layout.message || first === undefined) return true;
    const cells = splitCsvLine(first);
    const message = Array.isArray(cells) ? cells[layout.column["@message"]!] : undefined;
    return message !== undefined && looksLikeVpcRecord(message);
  },
};

export function createFlowCsvParser(sink: FlowSink, options: VpcFlowOptions = {}): StreamParser {
  const decoder = new HeaderlessVpcRecords(sink, options.fields);
  let layout: Layout | null = null;
  let seenHeader = false;
  return new LineSplitter((line, lineNumber) => {
    if (line.trim() === "") return;
    const cells = splitCsvLine(line);
    if (typeof cells === "string") return sink.reject({ line: lineNumber, message: cells });
    if (!seenHeader || cells.every((c) => NAME_LIKE.test(c))) {
      seenHeader = true;
      layout = layoutOf(cells);
      if (!layout) sink.reject({ line: lineNumber, message: NO_HEADER });
      return;
    }
    if (!layout) return sink.reject({ line: lineNumber, message: "row without a usable header" });
    if (cells.length !== layout.names.length) {
      return sink.reject({ line: lineNumber, message: `expected ${layout.names.length} fields, got ${cells.length}` });
    }
    const row = new Row(layout, cells);
    if (!layout.message) return decodeColumns(row, lineNumber, sink);
    const message = row.text("@message");
    if (message === null) return sink.reject({ line: lineNumber, message: "@message is empty" });
    decoder.decode(message, 0, message.length, lineNumber, streamInterface(row.text("@logstream")));
  }, sink);
}
