// Refutation: where the captures show DNS answering well, say so, as a finding that argues
// against "it's DNS" and that a hypothesis can cite. It runs after the other detectors: DNS
// trouble they found is set aside and named ("fast except while conntrack was full"), and what
// is left must be healthy on absolute terms, p90 under 100 ms, under 0.5 % of answers over 1 s and
// under 5 % unanswered, over at least 200 answers.
import { between, hms, n, pct } from "./describe";
import { DNS_STEP_MS, dnsBuckets } from "./dns-data";
import { clamp01, median } from "./stats";
import type { DetectedFinding, DetectorContext } from "./types";

const HEALTHY_P90_MS = 100;
const HEALTHY_SLOW_SHARE = 0.005;
const HEALTHY_UNANSWERED = 0.05;
const MIN_ANSWERS = 200;

/** Detectors whose windows explain DNS trouble from below DNS. */
const CAUSES = new Set(["conntrack-pressure", "syn-storm", "tcp-resolver-retransmits", "resolver-pps", "dns-loop"]);

export async function dnsHealth(ctx: DetectorContext, found: DetectedFinding[]): Promise<DetectedFinding[]> {
  if (!ctx.uploads.captures.length) return [];
  const buckets = await dnsBuckets(ctx);
  if (!buckets.length) return [];
  const trouble = found.filter((f) => f.detector === "dns-latency" && f.stance !== "against");
  const inTrouble = (b: number) => trouble.some((f) => b + DNS_STEP_MS > f.from && b < f.to);
  const calm = buckets.filter((b) => !inTrouble(b.b));
  const answered = calm.reduce((a, b) => a + b.answered, 0);
  const queries = calm.reduce((a, b) => a + b.queries, 0);
  if (answered < MIN_ANSWERS) return [];
  const p90 = median(calm.filter((b) => b.p90 !== null && b.answered >= 10).map((b) => b.p90!));
  const slowShare = calm.reduce((a, b) => a + b.slow, 0) / answered;
  const unanswered = calm.reduce((a, b) => a + b.unanswered, 0) / Math.max(1, queries);
  if (!(p90 < HEALTHY_P90_MS && slowShare < HEALTHY_SLOW_SHARE && unanswered < HEALTHY_UNANSWERED)) return [];

  const from = buckets[0]!.b;
  const to = buckets.at(-1)!.b + DNS_STEP_MS;
  const causes = trouble.flatMap((t) => found.filter((c) => CAUSES.has(c.detector) && c.from < t.to + 60_000 && c.to > t.from - 60_000));
  const except = trouble.length
    ? ` except ${trouble.map((t) => `${hms(t.from)}–${hms(t.to)}`).join(", ")}` +
      (causes.length ? `, while ${[...new Set(causes.map((c) => c.title.charAt(0).toLowerCase() + c.title.slice(1)))].slice(0, 2).join(" and ")}` : "")
    : "";
  return [{
    detector: "dns-health", stance: "against", subject: "dns answered well", from, to,
    title: trouble.length ? `DNS answered fast${except}` : "DNS answered fast throughout the captures",
    explanation:
      `${n(answered)} of ${n(queries)} DNS queries ${between(from, to)}${trouble.length ? " outside the slow periods" : ""} were answered with a p90 of ${n(p90)} ms, ` +
      `${(slowShare * 100).toFixed(2)} % over 1 s and ${pct(unanswered)} unanswered: healthy on absolute terms. ` +
      (trouble.length
        ? causes.length
          ? "DNS suffered only while something underneath it did: the slow answers are a symptom, not the cause."
          : "DNS was slow only in those periods: look at what else changed then."
        : "This argues against DNS as the cause of trouble in this window."),
    severity: "info",
    confidence: clamp01(0.6 + 0.1 * Math.log10(answered / MIN_ANSWERS + 1) + (causes.length ? 0.15 : 0)),
    evidence: {
      panel: "dns", query: { from, to }, subject: { kind: "dns", value: "answered well" },
      facts: { answered, queries, p90Ms: Math.round(p90), slowShare: Math.round(slowShare * 10000) / 10000, unansweredShare: Math.round(unanswered * 1000) / 1000, exceptWindows: trouble.length },
    },
  }];
}
