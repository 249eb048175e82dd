// Compares tshark's counts of a file with Hindsight's and gives the file one verdict:
//   agree          every number within its tolerance (TOLERANCES says why each is what it is);
//   tshark-fails   tshark exits non-zero or reads no frame, and the numbers differ;
//   not-supported  Hindsight counts less, and no more than the packets it says it set aside or
//                  could not read, giving its own reasons (packet accounting, parser rejects);
//   known          a reviewed difference (known-differences.ts);
//   differ         anything else: the test fails on it.
import { FLAG_CLASSES } from "@/lib/flows/flag-class";
import type { HindsightCount } from "./hindsight-count";
import type { Truth } from "./tshark-truth";

export type Verdict = "agree" | "tshark-fails" | "not-supported" | "known" | "differ";

export interface Difference {
  metric: string;
  tshark: number | null;
  hindsight: number | null;
}

export interface FileResult {
  file: string;
  verdict: Verdict;
  /** Why, for every verdict but agree. */
  reason: string | null;
  /** The reasons Hindsight reported (set-aside reasons with counts, rejects, failure), most packets first. */
  hindsightReasons: Array<{ reason: string; count: number }>;
  differences: Difference[];
  /** True when tshark saw DNS or TCP in the file, so agreeing compared something. */
  substantive: boolean;
  frames: number;
}

export const TOLERANCES = {
  /**
   * Latencies (µs) of single transactions: Hindsight keeps µs timestamps (a ns capture is floored
   * to the µs at both ends), tshark subtracts at full resolution, so they may differ by 1 µs.
   */
  latencyUs: 1,
  /**
   * The DNS series' p50 is the midpoint of a log-linear histogram bucket (lib/captures/latency-histogram.ts:
   * a bucket is at most 1/64 of its lower bound wide), capped by the exact maximum; flooring to the
   * µs may move a value into the next bucket, so it may be off by one bucket width plus 1 µs.
   */
  seriesP50: (us: number) => us / 64 + 1,
} as const;

function differences(t: Truth, h: HindsightCount): Difference[] {
  const out: Difference[] = [];
  const exact = (metric: string, a: number, b: number) => a !== b && out.push({ metric, tshark: a, hindsight: b });
  const near = (metric: string, a: number | null, b: number | null, tolerance: number) => {
    if (a === null && b === null) return;
    if (a === null || b === null || Math.abs(a - b) > tolerance) out.push({ metric, tshark: a, hindsight: b });
  };
  exact("frames", t.frames, h.accounting?.total ?? 0);
  exact("dns.queries", t.dns.queries, h.dns.queries);
  exact("dns.answered", t.dns.answered, h.dns.answered);
  for (const code of new Set([...Object.keys(t.dns.rcodes), ...Object.keys(h.dns.rcodes)])) {
    exact(`dns.rcode.${code}`, t.dns.rcodes[code] ?? 0, h.dns.rcodes[code] ?? 0);
  }
  near("dns.max_us", t.dns.maxUs, h.dns.maxUs, TOLERANCES.latencyUs);
  near("dns.p50_us", t.dns.p50Us, h.dns.p50Us, TOLERANCES.latencyUs);
  near("dns.series_p50_us", t.dns.p50Us, h.seriesP50Us, t.dns.p50Us === null ? 0 : TOLERANCES.seriesP50(t.dns.p50Us));
  for (const c of FLAG_CLASSES) exact(`tcp.${c}`, t.tcp[c], h.tcp[c]);
  return out;
}

/** The set-aside note repeats the accounting's reasons, which are listed one by one already. */
const SET_ASIDE_NOTE = /packets set aside \(not counted\)/;

/**
 * What Hindsight itself reported about the file, as reason → packets: the set-aside reasons, and
 * the upload's notes and rejects (counted by their leading number, e.g. "3 IP fragments never
 * reassembled…", else 1), numbers written N so like reasons group.
 */
export function reasonsOf(h: HindsightCount): Array<{ reason: string; count: number }> {
  const reasons = [...(h.accounting?.setAside ?? [])];
  if (h.failure) reasons.push({ reason: h.failure, count: 1 });
  for (const r of new Set(h.rejects)) reasons.push({ reason: `parser: ${r.replace(/\d+/g, "N")}`, count: 1 });
  for (const n of h.notes) {
    if (!SET_ASIDE_NOTE.test(n)) reasons.push({ reason: n.replace(/\d+/g, "N"), count: Number(/^(\d+) /.exec(n)?.[1] ?? 1) });
  }
  return reasons.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/**
 * Hindsight never counts more than tshark, and counts at most as many fewer TCP packets and DNS
 * messages as it set aside or did not read: the set-aside reasons account for the difference.
 */
function explainedBySetAside(t: Truth, h: HindsightCount, diffs: Difference[]): boolean {
  if (h.failure) return true;
  // Packets set aside, packets never read (a parser that stopped), and what the notes say went uncounted.
  const reported = reasonsOf(h).reduce((n, r) => n + r.count, 0);
  const unread = Math.max(0, t.frames - (h.accounting?.total ?? 0));
  const budget = reported + unread;
  if (budget === 0) return false;
  const counts = diffs.filter((d) => !d.metric.endsWith("_us"));
  if (counts.some((d) => d.metric !== "frames" && (d.hindsight ?? 0) > (d.tshark ?? 0))) return false;
  if (counts.some((d) => d.metric === "frames" && (d.hindsight ?? 0) > (d.tshark ?? 0))) return false;
  const short = (metric: string) => counts.filter((d) => d.metric.startsWith(metric)).reduce((n, d) => n + ((d.tshark ?? 0) - (d.hindsight ?? 0)), 0);
  if (short("tcp.") > budget || short("dns.queries") > budget || short("dns.answered") > budget) return false;
  // A latency that differs while every count agrees is a real difference, not a missing packet.
  const latencyOnly = diffs.some((d) => d.metric.endsWith("_us")) && !counts.some((d) => d.metric.startsWith("dns."));
  return !latencyOnly;
}

export function compareFile(file: string, t: Truth, h: HindsightCount, known: Readonly<Record<string, string>>): FileResult {
  const diffs = differences(t, h);
  const hindsightReasons = reasonsOf(h);
  const substantive = t.dns.queries > 0 || t.dns.answered > 0 || FLAG_CLASSES.some((c) => t.tcp[c] > 0);
  const result = (verdict: Verdict, reason: string | null): FileResult => ({
    file, verdict, reason, hindsightReasons, differences: diffs, substantive, frames: t.frames,
  });
  const tsharkFailed = t.exitCode !== 0 || t.frames === 0;
  if (diffs.length === 0 && t.frames > 0) return result("agree", null);
  if (tsharkFailed) return result("tshark-fails", `tshark also fails (exit ${t.exitCode}, ${t.frames} frames${t.error ? `: ${t.error}` : ""})`);
  if (known[file]) return result("known", known[file]!);
  if (explainedBySetAside(t, h, diffs)) {
    const top = hindsightReasons[0];
    return result("not-supported", top ? `not supported: ${top.reason}` : "not supported");
  }
  return result("differ", null);
}
