// `tcpdump -n -tt` and `tcpdump -n -tttt` text output (docs/docs/formats.md §4.1): one packet per line,
// TCP flags/seq/ack/length and DNS summaries (UDP, or after the TCP fields). `-v` output is
// accepted too: its continuation lines are joined and the "(tos …)" group is skipped.
//
// Time zones: -tt prints epoch seconds (UTC). -tttt prints the LOCAL date and time of the
// machine that printed it, with no zone: pass `utcOffsetMinutes` (e.g. 330 for IST, -300 for
// EST) or `timeZone` (IANA, DST included); the default treats -tttt lines as UTC. Lines with
// only a time of day are rejected.
import { LineSplitter } from "../line-splitter";
import { fromWallClock } from "../time";
import type { FormatInfo, StreamParser } from "../types";
import { epochMicros, ipVersionOf, textPacket } from "./capture-text";
import { dnsPortTable, type CaptureParserOptions, type CapturePacket, type CaptureSink } from "./packet";
import { parseTcpdumpDns } from "./tcpdump-dns";

export interface TcpdumpTextOptions extends CaptureParserOptions {
  /** Minutes east of UTC of the clock -tttt lines were printed in. Default 0 (UTC). */
  utcOffsetMinutes?: number;
  /** IANA zone of that clock, DST included; wins over `utcOffsetMinutes`. */
  timeZone?: string;
}

const EPOCH = /^(\d+\.\d+) /;
const LOCAL = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? /;
const TIME_OF_DAY = /^\d\d:\d\d:\d\d\.\d+ /;
const BANNER = /^(reading from file|listening on|tcpdump: |\d+ packets? (captured|received by filter|dropped by (kernel|interface)))/;
// "IP" / "IP6", then with -v a "(tos 0x0, …, proto UDP (17), length 80)" group (one nesting level).
const NETWORK = /^(IP6?)(?: \((?:[^()]|\([^()]*\))*\))? (\S+) > (\S+): ?(.*)$/;
const TCP_FLAG_BITS: Readonly<Record<string, number>> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, ".": 0x10, U: 0x20, E: 0x40, W: 0x80, e: 0x100 };

export function createTcpdumpTextParser(sink: CaptureSink, options: TcpdumpTextOptions = {}): StreamParser {
  const dnsPorts = dnsPortTable(options);
  const zone = { timeZone: options.timeZone, zoneOffsetMinutes: options.utcOffsetMinutes ?? 0 };
  const toUtcSeconds = (wallSeconds: number) => fromWallClock(wallSeconds * 1000, zone)! / 1000;
  let pending: string | null = null;
  let pendingLine = 0;

  const parse = (text: string, line: number) => {
    const ts = timestamp(text, toUtcSeconds);
    if (ts === null) {
      if (BANNER.test(text)) return;
      sink.reject({
        line,
        message: TIME_OF_DAY.test(text)
          ? "time of day without a date: print the capture with tcpdump -tt (or -tttt)"
          : "not a tcpdump -n -tt / -tttt line",
      });
      return;
    }
    const p = textPacket(line, ts.us);
    const error = decodeNetwork(text.slice(ts.length), p, dnsPorts);
    if (error) sink.reject({ line, message: error });
    else sink.packet(p);
  };

  const splitter = new LineSplitter((line, n) => {
    if (line.includes("\u0000")) return sink.reject({ line: n, message: "a NUL byte in the line: set aside" });
    if (pending !== null && /^\s/.test(line)) {
      pending += " " + line.trim();
      return;
    }
    if (pending !== null) parse(pending, pendingLine);
    pending = line.trim() === "" ? null : line;
    pendingLine = n;
  }, sink);

  return {
    write: (chunk) => splitter.write(chunk),
    end() {
      splitter.end();
      if (pending !== null) parse(pending, pendingLine);
      pending = null;
    },
  };
}

function timestamp(text: string, toUtcSeconds: (wallSeconds: number) => number): { us: number; length: number } | null {
  const epoch = EPOCH.exec(text);
  if (epoch) return { us: epochMicros(epoch[1]!), length: epoch[0].length };
  const local = LOCAL.exec(text);
  if (!local) return null;
  const [y, mo, d, h, mi, s] = local.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const seconds = toUtcSeconds(Date.UTC(y, mo - 1, d, h, mi, s) / 1000);
  return { us: epochMicros(`${seconds}.${local[7] ?? ""}`), length: local[0].length };
}

/** Fills `p` from what follows the timestamp; returns an error message for a malformed IP line. */
function decodeNetwork(rest: string, p: CapturePacket, dnsPorts: Uint8Array): string | null {
  const m = NETWORK.exec(rest);
  if (!m) return null; // ARP, LLDP, …: a packet without IP information
  const v6 = m[1] === "IP6";
  const src = endpoint(m[2]!, v6);
  const dst = endpoint(m[3]!, v6);
  if (!src || !dst) return "unreadable addresses (print the capture with tcpdump -n)";
  p.ipVersion = v6 ? 6 : 4;
  p.src = src[0];
  p.dst = dst[0];
  // Checksum notes such as "[udp sum ok] " come first with -v.
  const details = m[4]!.replace(/^(\[[^\]]*\] )+/, "");
  if (src[1] === null || dst[1] === null) {
    p.protocol = /^ICMP6/.test(details) ? 58 : /^ICMP/.test(details) ? 1 : null;
    return null;
  }
  p.srcPort = src[1];
  p.dstPort = dst[1];
  const isDns = dnsPorts[src[1]] === 1 || dnsPorts[dst[1]] === 1;
  if (!details.startsWith("Flags [")) {
    p.protocol = 17;
    const dns = isDns ? parseTcpdumpDns(details) : null;
    if (dns) p.dns = [dns];
    return null;
  }
  p.protocol = 6;
  const flagText = details.slice(7, details.indexOf("]"));
  let flags = 0;
  if (flagText !== "none") for (const c of flagText) flags |= TCP_FLAG_BITS[c] ?? 0;
  const seq = /, seq (\d+)/.exec(details);
  const ack = /, ack (\d+)/.exec(details);
  const win = /, win (\d+)/.exec(details);
  const length = /, length (\d+)(?: (.*))?$/.exec(details);
  p.tcp = {
    flags,
    seq: seq ? Number(seq[1]) : 0,
    ack: ack ? Number(ack[1]) : 0,
    payloadLength: length ? Number(length[1]) : null,
    window: win ? Number(win[1]) : null,
    mss: null,
    windowScale: null,
  };
  const dns = isDns && length?.[2] ? parseTcpdumpDns(length[2]) : null;
  if (dns) p.dns = [dns];
  return null;
}

/** "10.0.0.5.40000" / "2001:db8::1.53" / "10.0.0.5" → [address, port | null]; null if unreadable. */
function endpoint(token: string, v6: boolean): [string, number | null] | null {
  const dots = token.split(".").length - 1;
  // IPv4 has 3 dots (+1 with a port); IPv6 has none (+1), or 3 in an embedded IPv4 (+1).
  const hasPort = v6 ? dots === 1 || dots === 4 : dots === 4;
  const cut = token.lastIndexOf(".");
  const address = hasPort ? token.slice(0, cut) : token;
  const port = hasPort ? Number(token.slice(cut + 1)) : null;
  if (ipVersionOf(address) !== (v6 ? 6 : 4) || (port !== null && !(Number.isInteger(port) && port <= 0xffff))) return null;
  return [address, port];
}

export const tcpdumpTextFormat: FormatInfo = {
  kind: "tcpdump-text",
  label: "tcpdump text (-n -tt / -tttt)",
  sniff(head) {
    const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1");
    const first = text.split("\n").find((l) => l.trim() !== "" && !BANNER.test(l));
    return first !== undefined && (EPOCH.test(first) || LOCAL.test(first)) && / (IP6?|ARP)[ ,]/.test(first);
  },
};
