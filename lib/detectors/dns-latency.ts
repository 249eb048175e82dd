// DNS latency trouble (docs/incidents.md, incident 2), three ways:
// - a regime change against the incident's own baseline, the median over 10 s buckets of the
//   captures' p90 latency and unanswered share: p90 ≥ max(4× baseline, baseline + 200 ms) or
//   ≥ 1 s; unanswered share ≥ max(3× baseline, baseline + 10 points) or ≥ 30 %;
// - a slow tail on absolute terms, which needs no quiet period to compare with (captures are
//   often taken during the trouble only): ≥ 3 % of answers slower than 1 s, a client's first
//   timeout, over 30 s around each bucket, where healthy resolvers have next to none;
// - each for at least two buckets (20 s) in a run. Raw transactions inside the run tell whether
//   one resolver carries most of it, and whether slow answers cluster at timeouts (1, 2, 5 s).
import { around, between, n, pct } from "./describe";
import { DNS_STEP_MS, dnsBuckets, SLOW_ANSWER_MS, type DnsBucket } from "./dns-data";
import { clamp01, median, toRuns, type Run } from "./stats";
import type { DetectedFinding, Detector, DetectorContext } from "./types";

interface ServerRow { server: string; queries: string; unanswered: string; slow: string; p90_us: string | null }

async function byServer(ctx: DetectorContext, run: Run, slowUs: number): Promise<ServerRow[]> {
  const { rows } = await ctx.db.query<ServerRow>(
    `SELECT host(server) AS server, count(*) AS queries, count(*) FILTER (WHERE latency_us IS NULL) AS unanswered,
            count(*) FILTER (WHERE latency_us >= $4) AS slow, percentile_disc(0.9) WITHIN GROUP (ORDER BY latency_us) AS p90_us
       FROM dns_transactions WHERE upload_id = ANY($1::uuid[]) AND query_us >= $2 AND query_us < $3
      GROUP BY 1 ORDER BY 2 DESC LIMIT 10`,
    [ctx.uploads.captures, run.from * 1000, run.to * 1000, Math.round(slowUs)],
  );
  return rows;
}

/** The resolver carrying ≥ 60 % of `key` in the window, if there is one. */
function culprit(rows: ServerRow[], key: "slow" | "unanswered"): string | null {
  const total = rows.reduce((a, r) => a + Number(r[key]), 0);
  const top = [...rows].sort((a, b) => Number(b[key]) - Number(a[key]))[0];
  return top && total > 0 && Number(top[key]) >= 0.6 * total && rows.length > 1 ? top.server : rows.length === 1 ? rows[0]!.server : null;
}

/** Share of answers slower than SLOW_ANSWER_MS that marks a tail: healthy resolvers stay far below it. */
const SLOW_SHARE = 0.03;
/** Fewest slow answers a window needs, so that 1 slow of 20 is not a tail. */
const MIN_SLOW = 5;
/** Buckets each side of a bucket whose answers are pooled with it. */
const POOL = 1;

/** Slow answers clustered within 100 ms of a whole number of seconds look like timeouts and retries. */
async function timeoutClusters(ctx: DetectorContext, run: Run): Promise<{ slow: number; atTimeouts: number; seconds: number[] }> {
  const { rows } = await ctx.db.query<{ s: string; n: string }>(
    `SELECT round(latency_us / 1e6) AS s, count(*) AS n FROM dns_transactions
      WHERE upload_id = ANY($1::uuid[]) AND query_us >= $2 AND query_us < $3 AND latency_us >= $4
        AND abs(latency_us - round(latency_us / 1e6) * 1e6) <= 100000
      GROUP BY 1 ORDER BY 2 DESC`,
    [ctx.uploads.captures, run.from * 1000, run.to * 1000, SLOW_ANSWER_MS * 1000 * 0.9],
  );
  const { rows: all } = await ctx.db.query<{ n: string }>(
    `SELECT count(*) AS n FROM dns_transactions WHERE upload_id = ANY($1::uuid[]) AND query_us >= $2 AND query_us < $3 AND latency_us >= $4`,
    [ctx.uploads.captures, run.from * 1000, run.to * 1000, SLOW_ANSWER_MS * 1000],
  );
  return { slow: Number(all[0]?.n ?? 0), atTimeouts: rows.reduce((a, r) => a + Number(r.n), 0), seconds: rows.slice(0, 3).map((r) => Number(r.s)) };
}

function runsOf(flagged: DnsBucket[]): Array<{ run: Run; buckets: DnsBucket[] }> {
  return toRuns(flagged.map((b) => b.b), DNS_STEP_MS, DNS_STEP_MS)
    .filter((run) => run.buckets.length >= 2)
    .map((run) => ({ run, buckets: flagged.filter((b) => b.b >= run.from && b.b < run.to) }))
    .sort((a, b) => b.buckets.length - a.buckets.length)
    .slice(0, 3);
}

const resolversFact = (rows: ServerRow[]) =>
  rows.map((r) => `${r.server}: ${n(Number(r.queries))} queries, ${n(Number(r.unanswered))} unanswered, p90 ${r.p90_us === null ? "–" : `${n(Number(r.p90_us) / 1000)} ms`}`).join("; ");

export const dnsLatency: Detector = {
  id: "dns-latency",
  needs: ["captures"],
  async detect(ctx) {
    const buckets = await dnsBuckets(ctx);
    const found: DetectedFinding[] = [];

    const timed = buckets.filter((b) => b.answered >= 10 && b.p90 !== null);
    const baseP90 = median(timed.map((b) => b.p90!));
    const slowMs = Math.min(Math.max(4 * baseP90, baseP90 + 200), 1000);
    for (const { run, buckets: bs } of runsOf(timed.filter((b) => b.p90! >= slowMs))) {
      const p90 = median(bs.map((b) => b.p90!));
      const queries = bs.reduce((a, b) => a + b.queries, 0);
      const servers = await byServer(ctx, run, slowMs * 1000);
      const resolver = culprit(servers, "slow");
      found.push({
        detector: "dns-latency", subject: "p90 latency", from: run.from, to: run.to,
        title: `DNS answers slowed to ${n(p90)} ms at p90${resolver ? ` on ${resolver}` : ""}`,
        explanation:
          `DNS p90 latency was about ${n(p90)} ms ${between(run.from, run.to)} (${n(queries)} queries), against ${n(baseP90)} ms ` +
          `for the rest of the captures (their median). ${resolver ? `Most slow answers came from ${resolver}. ` : ""}` +
          `Answers this slow are usually timeouts and retries upstream: a resolver that cannot reach its own upstream (for instance over TCP).`,
        severity: p90 >= 1000 ? "critical" : "warning",
        confidence: clamp01(0.55 + 0.05 * bs.length + (p90 >= 10 * baseP90 ? 0.2 : 0.1)),
        evidence: {
          panel: "dns", query: around(run.from, run.to),
          subject: resolver ? { kind: "resolver", value: resolver } : { kind: "dns", value: "p90 latency" },
          facts: { p90Ms: Math.round(p90), baselineP90Ms: Math.round(baseP90), queries, thresholdMs: Math.round(slowMs), resolvers: resolversFact(servers) },
        },
      });
    }

    // The tail, on absolute terms: each bucket pooled with its neighbours.
    const pooled = buckets.map((b, i) => {
      const near = buckets.slice(Math.max(0, i - POOL), i + POOL + 1).filter((x) => Math.abs(x.b - b.b) <= POOL * DNS_STEP_MS);
      return { b, answered: near.reduce((a, x) => a + x.answered, 0), slow: near.reduce((a, x) => a + x.slow, 0) };
    });
    const tailed = pooled.filter((p) => p.slow >= MIN_SLOW && p.slow >= SLOW_SHARE * p.answered).map((p) => p.b);
    const inTail = new Set(tailed.map((b) => b.b));
    const rest = buckets.filter((b) => !inTail.has(b.b) && b.answered > 0);
    const restAnswered = rest.reduce((a, b) => a + b.answered, 0);
    // A baseline needs a minute of answers outside the tail; without one the threshold stands alone.
    const restShare = rest.length >= 6 && restAnswered >= 100 ? rest.reduce((a, b) => a + b.slow, 0) / restAnswered : null;
    for (const { run, buckets: bs } of runsOf(tailed)) {
      if (found.some((f) => f.subject === "p90 latency" && f.from < run.to && f.to > run.from)) continue; // the p90 finding tells it already
      const answered = bs.reduce((a, b) => a + b.answered, 0);
      const slow = bs.reduce((a, b) => a + b.slow, 0);
      const share = slow / answered;
      if (restShare !== null && share < 3 * restShare) continue; // as slow as always here: not news
      const servers = await byServer(ctx, run, SLOW_ANSWER_MS * 1000);
      const resolver = culprit(servers, "slow");
      const clusters = await timeoutClusters(ctx, run);
      const atTimeouts = clusters.slow ? clusters.atTimeouts / clusters.slow : 0;
      const against = restShare === null
        ? `against no baseline: the capture has no quiet minute to compare with, so this is an absolute threshold (≥ ${pct(SLOW_SHARE)} of answers slower than ${n(SLOW_ANSWER_MS)} ms; healthy resolvers have next to none)`
        : `against ${(restShare * 100).toFixed(1)} % in the rest of the captures`;
      found.push({
        detector: "dns-latency", subject: "slow answers", from: run.from, to: run.to,
        title: `${pct(share)} of DNS answers took over ${n(SLOW_ANSWER_MS / 1000)} s${resolver ? ` from ${resolver}` : ""}`,
        explanation:
          `${n(slow)} of ${n(answered)} DNS answers (${pct(share)}) took longer than ${n(SLOW_ANSWER_MS)} ms ${between(run.from, run.to)}, ${against}. ` +
          `${resolver ? `Most came from ${resolver}. ` : ""}` +
          (atTimeouts >= 0.5
            ? `${pct(atTimeouts)} of them arrived at whole seconds (${clusters.seconds.map((s) => `${s} s`).join(", ")}): clients timing out and retrying. `
            : "") +
          `The median can look fine meanwhile: these are the users who waited.`,
        severity: share >= 0.05 || restShare === null ? "critical" : "warning",
        confidence: clamp01(0.55 + 0.05 * Math.min(bs.length, 6) + (restShare === null ? 0.05 : share >= 10 * restShare ? 0.2 : 0.1)),
        evidence: {
          panel: "dns", query: around(run.from, run.to),
          subject: resolver ? { kind: "resolver", value: resolver } : { kind: "dns", value: "slow answers" },
          facts: {
            slowAnswers: slow, answered, slowShare: Math.round(share * 1000) / 1000, thresholdMs: SLOW_ANSWER_MS,
            comparedWith: restShare === null ? "no baseline (absolute threshold)" : `${(restShare * 100).toFixed(1)} % in the rest of the captures`,
            atTimeoutsShare: Math.round(atTimeouts * 100) / 100, resolvers: resolversFact(servers),
          },
        },
      });
    }

    const counted = buckets.filter((b) => b.queries >= 20);
    const rate = (b: DnsBucket) => b.unanswered / b.queries;
    const baseRate = median(counted.map(rate));
    const lossy = counted.filter((b) => rate(b) >= Math.min(Math.max(3 * baseRate, baseRate + 0.1), 0.3));
    for (const { run, buckets: bs } of runsOf(lossy)) {
      const queries = bs.reduce((a, b) => a + b.queries, 0);
      const share = bs.reduce((a, b) => a + b.unanswered, 0) / queries;
      const servers = await byServer(ctx, run, slowMs * 1000);
      const resolver = culprit(servers, "unanswered");
      found.push({
        detector: "dns-latency", subject: "unanswered", from: run.from, to: run.to,
        title: `${pct(share)} of DNS queries unanswered${resolver ? ` by ${resolver}` : ""}`,
        explanation:
          `${pct(share)} of ${n(queries)} DNS queries got no answer ${between(run.from, run.to)}, against ${pct(baseRate)} for the rest of the captures. ` +
          `${resolver ? `Most of them were sent to ${resolver}. ` : ""}Clients waiting on unanswered queries retry and time out, which is what users see as DNS errors.`,
        severity: share >= 0.2 ? "critical" : "warning",
        confidence: clamp01(0.55 + 0.05 * bs.length + (share >= 5 * baseRate ? 0.2 : 0.1)),
        evidence: {
          panel: "dns", query: around(run.from, run.to),
          subject: resolver ? { kind: "resolver", value: resolver } : { kind: "dns", value: "unanswered" },
          facts: { unansweredShare: Math.round(share * 1000) / 1000, baselineShare: Math.round(baseRate * 1000) / 1000, queries, resolvers: resolversFact(servers) },
        },
      });
    }
    return found;
  },
};
