// `tshark -T fields -E header=y` output (docs/docs/formats.md §4.2), comma- (best with -E quote=d), tab-
// (the default) or space-separated, columns mapped by the header's field names:
//   frame.number frame.time_epoch frame.interface_id frame.len ip.src ip.dst ipv6.src ipv6.dst
//   ip.proto ipv6.nxt ip.flags.mf ip.frag_offset tcp.srcport tcp.dstport udp.srcport
//   udp.dstport tcp.flags (hex) tcp.seq_raw|tcp.seq tcp.ack_raw|tcp.ack tcp.len
//   tcp.window_size_value dns.id (hex) dns.flags.response dns.qry.name dns.qry.type
//   dns.flags.rcode dns.count.answers
// Only frame.time_epoch is required. A field with several values (two DNS messages in one TCP
// segment) is joined with the aggregator ","; unquoted comma-separated rows whose column count
// differs from the header are ambiguous and rejected.
import { LineSplitter } from "../line-splitter";
import type { FormatInfo, StreamParser } from "../types";
import { epochMicros, ipVersionOf, textDnsMessage, textPacket } from "./capture-text";
import type { DnsMessage } from "./dns-message";
import type { CaptureSink } from "./packet";

const FIELD_NAME = /^[a-z][a-z0-9_.-]*$/i;

/** Splits one row; a field wrapped in " or ' (-E quote=d|s) may contain the separator. */
function splitRow(line: string, separator: string): { fields: string[]; quoted: boolean } {
  const fields: string[] = [];
  let quoted = false;
  let i = 0;
  for (;;) {
    const q = line[i];
    if (q === '"' || q === "'") {
      const close = line.indexOf(q, i + 1);
      const end = close < 0 ? line.length : close;
      fields.push(line.slice(i + 1, end));
      quoted = true;
      i = line.indexOf(separator, end);
    } else {
      const next = line.indexOf(separator, i);
      fields.push(line.slice(i, next < 0 ? line.length : next));
      i = next;
    }
    if (i < 0) return { fields, quoted };
    i += separator.length;
  }
}

function separatorOf(header: string): string {
  return header.includes("\t") ? "\t" : header.includes(",") ? "," : " ";
}

/** DNS is taken wherever tshark decoded it (dns.id present), whatever the ports. */
export function createTsharkFieldsParser(sink: CaptureSink): StreamParser {
  let columns: Map<string, number> | null = null;
  let headerError: string | null = null;
  let separator = ",";

  const onLine = (line: string, n: number) => {
    if (line.trim() === "") return;
    if (columns === null && headerError === null) {
      separator = separatorOf(line);
      const names = splitRow(line, separator).fields.map((f) => f.trim());
      if (!names.every((f) => FIELD_NAME.test(f))) headerError = "the first line must be the field names (tshark -E header=y)";
      else if (!names.includes("frame.time_epoch")) headerError = "no frame.time_epoch column (add -e frame.time_epoch)";
      else columns = new Map(names.map((name, i) => [name, i]));
      if (headerError) sink.reject({ line: n, message: headerError });
      return;
    }
    if (columns === null) return sink.reject({ line: n, message: headerError! });
    if (line.includes("\u0000")) return sink.reject({ line: n, message: "a NUL byte in the line: set aside" });
    const { fields, quoted } = splitRow(line, separator);
    if (fields.length !== columns.size) {
      const hint = separator === "," && !quoted ? " (a multi-valued field? use -E quote=d or -E occurrence=f)" : "";
      return sink.reject({ line: n, message: `${fields.length} columns, header has ${columns.size}${hint}` });
    }
    const cols = columns;
    // Multi-valued fields are joined by the aggregator (","), unambiguous unless unquoted CSV.
    const values = (name: string): string[] => {
      const i = cols.get(name);
      const v = i === undefined ? "" : fields[i]!.trim();
      return v === "" ? [] : v.split(",");
    };
    const first = (...names: string[]): string | null => {
      for (const name of names) {
        const v = values(name)[0];
        if (v !== undefined) return v;
      }
      return null;
    };
    // A value no column can hold ("NaN", 1e400, a port of 70000) sets the whole line aside.
    let bad: string | null = null;
    const num = (...names: string[]): number | null => {
      for (const name of names) {
        const v = values(name)[0];
        if (v === undefined) continue;
        const x = Number(v);
        if (Number.isFinite(x)) return x;
        bad ??= `${name} ${JSON.stringify(v)} is not a number`;
        return null;
      }
      return null;
    };
    const integer = (name: string, max: number, value: number | null = num(name)): number | null => {
      if (value === null || (Number.isInteger(value) && value >= 0 && value <= max)) return value;
      bad ??= `${name} ${value} is not an integer in 0–${max}`;
      return null;
    };
    const port = (name: string): number | null => integer(name, 65535);

    const ts = epochMicros(first("frame.time_epoch") ?? "");
    if (Number.isNaN(ts)) return sink.reject({ line: n, message: `bad frame.time_epoch ${JSON.stringify(first("frame.time_epoch"))}` });
    const p = textPacket(integer("frame.number", Number.MAX_SAFE_INTEGER) ?? n, ts);
    p.interfaceId = integer("frame.interface_id", 2 ** 31 - 1) ?? 0;
    p.wireLength = integer("frame.len", 2 ** 31 - 1);
    p.src = first("ip.src", "ipv6.src");
    p.dst = first("ip.dst", "ipv6.dst");
    p.ipVersion = p.src === null ? null : ipVersionOf(p.src);
    p.fragment = first("ip.flags.mf") === "1" || first("ip.flags.mf") === "True" || (num("ip.frag_offset") ?? 0) > 0;
    const tcpPort = port("tcp.srcport");
    const udpPort = port("udp.srcport");
    if (tcpPort !== null) {
      p.protocol = 6;
      p.srcPort = tcpPort;
      p.dstPort = port("tcp.dstport");
      const flags = first("tcp.flags");
      p.tcp = {
        flags: flags === null ? 0 : (integer("tcp.flags", 0xfff, parseInt(flags, 16)) ?? 0),
        seq: integer("tcp.seq", 2 ** 32 - 1, num("tcp.seq_raw", "tcp.seq")) ?? 0,
        ack: integer("tcp.ack", 2 ** 32 - 1, num("tcp.ack_raw", "tcp.ack")) ?? 0,
        payloadLength: integer("tcp.len", 2 ** 31 - 1),
        window: integer("tcp.window_size_value", 2 ** 31 - 1),
        mss: null,
        windowScale: null,
      };
    } else if (udpPort !== null) {
      p.protocol = 17;
      p.srcPort = udpPort;
      p.dstPort = port("udp.dstport");
    } else p.protocol = integer("ip.proto", 255, num("ip.proto", "ipv6.nxt"));
    const ids = values("dns.id");
    if (ids.length > 0) p.dns = ids.map((id, i) => dnsMessage(id, i, values, integer));
    if (bad) return sink.reject({ line: n, message: bad });
    sink.packet(p);
  };

  const splitter = new LineSplitter(onLine, sink);
  return { write: (chunk) => splitter.write(chunk), end: () => splitter.end() };
}

type IntegerCheck = (name: string, max: number, value: number | null) => number | null;

function dnsMessage(id: string, i: number, values: (name: string) => string[], integer: IntegerCheck): DnsMessage {
  const at = (name: string): string | null => values(name)[i] ?? null;
  const response = at("dns.flags.response");
  const qname = at("dns.qry.name");
  const qtype = at("dns.qry.type");
  const answers = at("dns.count.answers");
  const isResponse = response === "1" || response?.toLowerCase() === "true";
  const rcode = isResponse ? (integer("dns.flags.rcode", 4095, Number(at("dns.flags.rcode") ?? 0)) ?? 0) : 0;
  return textDnsMessage({
    id: integer("dns.id", 0xffff, parseInt(id, id.startsWith("0x") ? 16 : 10)) ?? 0,
    response: isResponse,
    rcode,
    qname: qname === "<Root>" ? "." : qname,
    qtype: qtype === null ? null : integer("dns.qry.type", 0xffff, Number(qtype)),
    answerCount: answers === null ? 0 : (integer("dns.count.answers", 0xffff, Number(answers)) ?? 0),
  });
}

export const tsharkFieldsFormat: FormatInfo = {
  kind: "tshark-fields",
  label: "tshark -T fields (CSV/TSV with header)",
  sniff(head) {
    const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1");
    const first = text.replace(/^\ufeff|^\xef\xbb\xbf/, "").split(/\r?\n/, 1)[0] ?? "";
    const names = splitRow(first, separatorOf(first)).fields.map((f) => f.trim());
    return names.includes("frame.time_epoch") && names.every((f) => FIELD_NAME.test(f));
  },
};
