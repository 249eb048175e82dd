// DNS retry amplification (docs/incidents.md, incident 3): clients and resolvers re-sending the same
// questions, so packets sent far outnumber answers (257,430 sent vs 61,385 answered in a minute).
// Per 10 s bucket of the capture rollups: sent = queries + retries, against answered. Flagged:
// sent/answered ≥ max(2.5, 2× the incident's median ratio) with ≥ 10 packets/s, for ≥ 20 s. Raw
// transactions inside the run name the repeated questions and the share sent by resolvers.
import { around, between, n } from "./describe";
import { DNS_STEP_MS, dnsBuckets, qtypeName, resolvers } from "./dns-data";
import { clamp01, median, toRuns } from "./stats";
import type { DetectedFinding, Detector } from "./types";

const MIN_SENT = 10 * (DNS_STEP_MS / 1000);

export const dnsAmplification: Detector = {
  id: "dns-amplification",
  needs: ["captures"],
  async detect(ctx) {
    const buckets = (await dnsBuckets(ctx)).filter((b) => b.queries + b.retries >= MIN_SENT);
    const ratio = (b: (typeof buckets)[number]) => (b.queries + b.retries) / Math.max(1, b.answered);
    const baseRatio = median(buckets.map(ratio));
    const flagged = buckets.filter((b) => ratio(b) >= Math.max(2.5, 2 * baseRatio));
    const runs = toRuns(flagged.map((b) => b.b), DNS_STEP_MS, DNS_STEP_MS).filter((r) => r.buckets.length >= 2).slice(0, 3);
    const servers = runs.length ? await resolvers(ctx) : [];
    const found: DetectedFinding[] = [];
    for (const run of runs) {
      const bs = flagged.filter((b) => b.b >= run.from && b.b < run.to);
      const sent = bs.reduce((a, b) => a + b.queries + b.retries, 0);
      const answered = bs.reduce((a, b) => a + b.answered, 0);
      const scope = [ctx.uploads.captures, run.from * 1000, run.to * 1000, servers];
      const where = `upload_id = ANY($1::uuid[]) AND query_us >= $2 AND query_us < $3`;
      const [{ rows: top }, { rows: totals }] = await Promise.all([
        ctx.db.query<{ qname: string | null; qtype: number | null; packets: string; askers: string }>(
          `SELECT qname, qtype, count(*) + sum(retries) AS packets, count(DISTINCT client) AS askers
             FROM dns_transactions WHERE ${where} GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5`,
          scope.slice(0, 3),
        ),
        ctx.db.query<{ questions: string; by_resolvers: string | null }>(
          `SELECT count(DISTINCT (qname, qtype)) AS questions, sum(1 + retries) FILTER (WHERE client = ANY($4::inet[])) AS by_resolvers
             FROM dns_transactions WHERE ${where}`,
          scope,
        ),
      ]);
      const r = sent / Math.max(1, answered);
      const questions = Number(totals[0]?.questions ?? 0);
      const byResolvers = Number(totals[0]?.by_resolvers ?? 0);
      const head = top[0];
      found.push({
        detector: "dns-amplification", subject: "queries", from: run.from, to: run.to,
        title: `DNS retry amplification: ${n(sent)} query packets for ${n(answered)} answers`,
        explanation:
          `${n(sent)} DNS query packets were sent ${between(run.from, run.to)} but only ${n(answered)} answers came back ` +
          `(${r.toFixed(1)}× more packets than answers; ${baseRatio.toFixed(1)}× for the rest of the captures). ` +
          `They asked only ${n(questions)} distinct questions: ` +
          (head ? `“${head.qname ?? "?"} ${qtypeName(head.qtype)}” alone went out ${n(Number(head.packets))} times from ${n(Number(head.askers))} senders. ` : "") +
          (byResolvers > 0 ? `${n(byResolvers)} of the packets came from resolvers retrying upstream. ` : "") +
          `Each unanswered query is retried by the client and again by each resolver on the way, multiplying the load on an upstream that is already dropping.`,
        severity: r >= 4 ? "critical" : "warning",
        confidence: clamp01(0.55 + (r >= 4 ? 0.2 : 0.1) + (head && Number(head.packets) >= 3 * Number(head.askers) ? 0.1 : 0) + 0.02 * bs.length),
        evidence: {
          panel: "dns", query: around(run.from, run.to), subject: { kind: "dns", value: "queries vs answers" },
          facts: {
            packetsSent: sent, answered, ratio: Math.round(r * 10) / 10, baselineRatio: Math.round(baseRatio * 10) / 10, questions,
            packetsFromResolvers: byResolvers, topQuestion: head ? `${head.qname ?? "?"} ${qtypeName(head.qtype)}` : null,
          },
        },
      });
    }
    return found;
  },
};
