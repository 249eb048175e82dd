// Query-mix shift (docs/incidents.md, incidents 3 and 4): AAAA or PTR queries dominating against the
// incident's own baseline. Per 10 s bucket of the transactions (one shared pass over
// dns_transactions): a type's share ≥ 50 % and ≥ its median share + 25 points, for ≥ 20 s and ≥ 200
// queries. A type that dominates every capture (≥ 70 %, nothing to compare with) is an info finding.
import { around, between, n, pct } from "./describe";
import { DNS_STEP_MS, dnsProfile, qtypeName } from "./dns-data";
import { clamp01, median, toRuns } from "./stats";
import type { DetectedFinding, Detector, DetectorContext } from "./types";

const WATCHED = [28, 12]; // AAAA, PTR
const MIN_BUCKET = 50;

async function topNames(ctx: DetectorContext, qtype: number, from: number, to: number): Promise<string[]> {
  const { rows } = await ctx.db.query<{ qname: string | null; n: string }>(
    `SELECT qname, count(*) AS n FROM dns_transactions WHERE upload_id = ANY($1::uuid[]) AND query_us >= $2 AND query_us < $3 AND qtype = $4
      GROUP BY 1 ORDER BY 2 DESC LIMIT 3`,
    [ctx.uploads.captures, from * 1000, to * 1000, qtype],
  );
  return rows.map((r) => `${r.qname ?? "?"} (${n(Number(r.n))})`);
}

export const queryMix: Detector = {
  id: "query-mix",
  needs: ["captures"],
  async detect(ctx) {
    const buckets = new Map<number, { total: number; types: Map<number, number> }>();
    for (const r of await dnsProfile(ctx)) {
      const b = Math.floor((r.sec * 1000) / DNS_STEP_MS) * DNS_STEP_MS;
      const cell = buckets.get(b) ?? buckets.set(b, { total: 0, types: new Map() }).get(b)!;
      cell.total += r.queries;
      if (r.qtype !== null) cell.types.set(r.qtype, (cell.types.get(r.qtype) ?? 0) + r.queries);
    }
    const eligible = [...buckets].filter(([, c]) => c.total >= MIN_BUCKET).sort((a, b) => a[0] - b[0]);
    const found: DetectedFinding[] = [];
    for (const qtype of WATCHED) {
      const name = qtypeName(qtype);
      const share = ([, c]: (typeof eligible)[number]) => (c.types.get(qtype) ?? 0) / c.total;
      const base = median(eligible.map(share));
      const baseQps = median(eligible.map(([, c]) => c.total)) / (DNS_STEP_MS / 1000);
      const flagged = eligible.filter((e) => share(e) >= 0.5 && share(e) >= base + 0.25);
      const runs = toRuns(flagged.map(([b]) => b), DNS_STEP_MS, DNS_STEP_MS).filter((r) => r.buckets.length >= 2);
      for (const run of runs.slice(0, 3)) {
        const cells = eligible.filter(([b]) => b >= run.from && b < run.to).map(([, c]) => c);
        const total = cells.reduce((a, c) => a + c.total, 0);
        const of = cells.reduce((a, c) => a + (c.types.get(qtype) ?? 0), 0);
        if (total < 200) continue;
        const s = of / total;
        const qps = total / ((run.to - run.from) / 1000);
        const names = await topNames(ctx, qtype, run.from, run.to);
        found.push({
          detector: "query-mix", subject: name, from: run.from, to: run.to,
          title: `${name} queries dominate: ${pct(s)} of DNS queries`,
          explanation:
            `${name} made up ${pct(s)} of ${n(total)} DNS queries ${between(run.from, run.to)}, against ${pct(base)} for the rest of the captures; ` +
            `query volume was ${n(qps)}/s against a usual ${n(baseQps)}/s. Top names: ${names.join(", ") || "–"}. ` +
            (qtype === 12 ? `A burst of reverse lookups usually comes from one job or tool resolving many addresses.` : `AAAA queries dominating often means lookups looping or retried for names with no IPv6 answer.`),
          severity: "warning",
          confidence: clamp01(0.5 + 0.4 * Math.min(1, (s - base) / 0.5)),
          evidence: {
            panel: "dns", query: around(run.from, run.to), subject: { kind: "qtype", value: name },
            facts: { share: Math.round(s * 1000) / 1000, baselineShare: Math.round(base * 1000) / 1000, queries: total, qps: Math.round(qps), baselineQps: Math.round(baseQps), topNames: names.join(", ") },
          },
        });
      }
      const all = eligible.reduce((a, [, c]) => a + c.total, 0);
      const overall = eligible.reduce((a, [, c]) => a + (c.types.get(qtype) ?? 0), 0) / Math.max(1, all);
      if (runs.length === 0 && all >= 500 && overall >= 0.7) {
        const from = eligible[0]![0];
        const to = eligible[eligible.length - 1]![0] + DNS_STEP_MS;
        found.push({
          detector: "query-mix", subject: name, from, to,
          title: `${name} queries are ${pct(overall)} of all DNS queries`,
          explanation: `${name} made up ${pct(overall)} of ${n(all)} DNS queries in every capture ${between(from, to)}. There is no quieter period to compare with; a capture from before the incident would tell whether this is new.`,
          severity: "info",
          confidence: 0.35,
          evidence: { panel: "dns", query: around(from, to), subject: { kind: "qtype", value: name }, facts: { share: Math.round(overall * 1000) / 1000, queries: all } },
        });
      }
    }
    return found;
  },
};
