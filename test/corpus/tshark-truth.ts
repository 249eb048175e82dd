// The truth side of the corpus test: what tshark counts in a capture, reduced to the numbers
// Hindsight derives (DNS transactions, rcodes, latency, TCP packets by flag class). One tshark
// process per file; its output is cached by the file's SHA-256, the tshark version and the field
// list, so a rerun spawns no tshark at all (and a change to the reduction needs none either).
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { FLAG_CLASSES, flagClass, type FlagClass } from "@/lib/flows/flag-class";

/** Fields in the order tshark prints them (-T fields); multi-valued ones are comma lists, outer layer first. */
export const TSHARK_FIELDS = [
  "frame.number", "frame.protocols", "tcp.flags", "udp.srcport", "udp.dstport", "tcp.srcport", "tcp.dstport",
  "dns.id", "dns.flags.response", "dns.flags.rcode", "dns.resp.ext_rcode", "dns.time", "dns.retransmit_request_in",
  "dns.retransmit_response_in",
] as const;

/**
 * Layers that quote another packet: an ICMP error carries the header of the packet that caused
 * it, an sFlow sample the first bytes of a sampled one. tshark decodes the TCP/DNS inside them,
 * but they are no traffic of the capture (Hindsight counts the ICMP or UDP packet itself).
 */
const QUOTING = new Set(["icmp", "icmpv6", "sflow"]);

/** True when `layer` (tcp, dns) appears in the frame only inside a quoting layer. */
function quoted(protocols: string, layer: string): boolean {
  const layers = protocols.split(":");
  const at = layers.indexOf(layer);
  const quote = layers.findIndex((l) => QUOTING.has(l));
  return quote >= 0 && at > quote;
}

/** The DNS port Hindsight decodes by default (DEFAULT_DNS_PORTS); tshark also decodes mDNS/LLMNR into dns.* fields. */
const DNS_PORT = "53";

export interface DnsCounts {
  /** Transactions: first query packets (retransmitted queries not counted). */
  queries: number;
  /** Transactions that got a response. */
  answered: number;
  /** Answered transactions by response rcode (decimal string keys). */
  rcodes: Record<string, number>;
  /** Exact latency of the slowest answered one, µs; null when none. */
  maxUs: number | null;
  /** Nearest-rank median latency, µs; null when none. */
  p50Us: number | null;
}

export type TcpCounts = Record<FlagClass, number>;

export interface Truth {
  tsharkVersion: string;
  exitCode: number;
  /** First line of tshark's complaints (its root warning left out). */
  error: string | null;
  frames: number;
  dns: DnsCounts;
  tcp: TcpCounts;
}

let version: string | null = null;

/** "4.0.17": part of the cache key, and printed in CORPUS.md. */
export function tsharkVersion(): string {
  if (version === null) {
    const out = execFileSync("tshark", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    version = /TShark \(Wireshark\) (\S+)/.exec(out)?.[1] ?? out.split("\n")[0]!.trim();
  }
  return version;
}

export function tsharkAvailable(): boolean {
  try {
    tsharkVersion();
    return true;
  } catch {
    return false;
  }
}

/** The innermost (last) of a comma list; tunnels print the outer layer first. */
const innermost = (v: string | undefined) => (v ? v.slice(v.lastIndexOf(",") + 1) : "");
const list = (v: string | undefined) => (v ? v.split(",") : []);

/** "0.000123456" s → µs (floored, as Hindsight's µs timestamps are). */
function secondsToUs(text: string): number {
  const [s, f = ""] = text.split(".");
  return Number(s) * 1e6 + Number((f + "000000").slice(0, 6));
}

export const median = (sorted: number[]): number | null => (sorted.length ? sorted[Math.ceil(sorted.length / 2) - 1]! : null);

/** Reduces tshark's -T fields lines (TSHARK_FIELDS, tab-separated) to the counts. */
export function reduceFields(text: string): Pick<Truth, "frames" | "dns" | "tcp"> {
  const tcp = Object.fromEntries(FLAG_CLASSES.map((c) => [c, 0])) as TcpCounts;
  const dns: DnsCounts = { queries: 0, answered: 0, rcodes: {}, maxUs: null, p50Us: null };
  const latencies: number[] = [];
  let frames = 0;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    frames++;
    const [, protocols = "", flags, uSrc, uDst, tSrc, tDst, ids, responses, rcodes, extRcodes, times, reRequests, reResponses] = line.split("\t");
    if (flags && !quoted(protocols, "tcp")) tcp[flagClass(parseInt(innermost(flags), 16), 6)]++;
    if (!ids || quoted(protocols, "dns")) continue;
    const onDnsPort = flags ? innermost(tSrc) === DNS_PORT || innermost(tDst) === DNS_PORT : innermost(uSrc) === DNS_PORT || innermost(uDst) === DNS_PORT;
    if (!onDnsPort) continue;
    const isResponse = list(responses);
    // The EDNS extended RCODE (RFC 6891 §6.1.3): OPT's 8 upper bits above the header's 4, as
    // Hindsight reports it (BADVERS 16, BADCOOKIE 23). Joined only where every message has an OPT.
    const ext = list(extRcodes);
    const codes = list(rcodes).map((c, i) => (ext.length === isResponse.length ? String((parseInt(ext[i]!, 16) << 4) | Number(c)) : c));
    const lat = list(times);
    dns.queries += isResponse.filter((r) => r === "0" || r === "False").length - list(reRequests).length;
    // dns.time is on every response matched to a query, retransmitted responses included.
    const answers = isResponse.map((r, i) => [r, codes[i]] as const).filter(([r]) => r === "1" || r === "True");
    const firstAnswers = lat.length - list(reResponses).length;
    dns.answered += firstAnswers;
    // One message per frame is the rule (UDP); with several (TCP), the rcodes of the answered
    // ones are taken in order, which is exact unless a frame mixes answered and unmatched ones.
    for (let i = 0; i < firstAnswers && i < answers.length; i++) {
      const code = answers[i]![1] ?? "?";
      dns.rcodes[code] = (dns.rcodes[code] ?? 0) + 1;
    }
    for (let i = 0; i < firstAnswers; i++) latencies.push(secondsToUs(lat[i]!));
  }
  latencies.sort((a, b) => a - b);
  dns.maxUs = latencies.length ? latencies[latencies.length - 1]! : null;
  dns.p50Us = median(latencies);
  return { frames, dns, tcp };
}

export const sha256Of = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

interface TsharkRun {
  exitCode: number;
  error: string | null;
  fields: string;
}

/** tshark's verdict on one file: its output, exit code and first complaint. */
export function runTshark(file: string): Promise<TsharkRun> {
  const args = ["-2", "-n", "-r", file, "-T", "fields", "-E", "separator=/t", ...TSHARK_FIELDS.flatMap((f) => ["-e", f])];
  return new Promise((resolve, reject) => {
    const child = spawn("tshark", args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      const error = Buffer.concat(err).toString("utf8").split("\n").map((l) => l.trim()).find((l) => l !== "" && !l.startsWith("Running as user")) ?? null;
      resolve({ exitCode: code ?? -1, error, fields: Buffer.concat(out).toString("utf8") });
    });
  });
}

const FIELDS_KEY = createHash("sha256").update(TSHARK_FIELDS.join(",")).digest("hex").slice(0, 12);

/** tshark's counts of `file`, its output read from the cache under `cacheDir` when there. */
export async function truthOf(file: string, cacheDir: string): Promise<Truth & { cached: boolean }> {
  const cachePath = path.join(cacheDir, `${sha256Of(file)}-${tsharkVersion()}-${FIELDS_KEY}.json`);
  let run: TsharkRun | null = null;
  try {
    run = JSON.parse(readFileSync(cachePath, "utf8")) as TsharkRun;
  } catch {
    // not cached yet (or unreadable): ask tshark
  }
  const cached = run !== null;
  if (!run) {
    run = await runTshark(file);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cachePath, JSON.stringify(run));
  }
  return { tsharkVersion: tsharkVersion(), exitCode: run.exitCode, error: run.error, ...reduceFields(run.fields), cached };
}
