// DNS evidence shared by the DNS detectors of one run: 10 s buckets from the capture rollups
// (counts and latency percentiles from the histograms), and one pass over dns_transactions per
// (second, resolver, query type) — the only full scan of raw DNS rows in a run.
import { latencyBucket, percentileFromBuckets } from "@/lib/captures/latency-histogram";
import { SLOW_ANSWER_MS } from "@/lib/schemas/dns-codes";
import type { DetectorContext } from "./types";

export const DNS_STEP_MS = 10_000;

export { SLOW_ANSWER_MS };
const SLOW_BUCKET = latencyBucket(SLOW_ANSWER_MS * 1000);

export interface DnsBucket {
  b: number;
  queries: number;
  answered: number;
  unanswered: number;
  retries: number;
  servfail: number;
  /** ms; null when nothing was answered. */
  p50: number | null;
  p90: number | null;
  /** Answers slower than SLOW_ANSWER_MS (from the histogram: within 1/64 of it). */
  slow: number;
}

export function dnsBuckets(ctx: DetectorContext): Promise<DnsBucket[]> {
  return ctx.memo("dns-buckets", async () => {
    const params = [ctx.uploads.captures, DNS_STEP_MS];
    const [{ rows: counts }, { rows: hist }] = await Promise.all([
      ctx.db.query<{ b: string; queries: string; answered: string; unanswered: string; retries: string; servfail: string }>(
        `SELECT (ts / $2) * $2 AS b, sum(queries) AS queries, sum(answered) AS answered, sum(unanswered) AS unanswered,
                sum(retries) AS retries, sum(servfail) AS servfail
           FROM dns_rollups WHERE upload_id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 1`,
        params,
      ),
      ctx.db.query<{ b: string; bucket: number; n: string }>(
        `SELECT (ts / $2) * $2 AS b, bucket, sum(count) AS n FROM dns_latency WHERE upload_id = ANY($1::uuid[]) GROUP BY 1, 2`,
        params,
      ),
    ]);
    const histograms = new Map<number, Array<[number, number]>>();
    for (const r of hist) (histograms.get(Number(r.b)) ?? histograms.set(Number(r.b), []).get(Number(r.b))!).push([r.bucket, Number(r.n)]);
    const ms = (h: Array<[number, number]> | undefined, q: number) => {
      const us = h ? percentileFromBuckets(h, q) : null;
      return us === null ? null : us / 1000;
    };
    return counts.map((r) => {
      const h = histograms.get(Number(r.b));
      return {
        b: Number(r.b), queries: Number(r.queries), answered: Number(r.answered), unanswered: Number(r.unanswered),
        retries: Number(r.retries), servfail: Number(r.servfail), p50: ms(h, 0.5), p90: ms(h, 0.9),
        slow: (h ?? []).reduce((a, [bucket, count]) => a + (bucket >= SLOW_BUCKET ? count : 0), 0),
      };
    });
  });
}

export interface DnsProfileRow {
  /** Epoch second of the transactions' first query. */
  sec: number;
  server: string;
  qtype: number | null;
  /** Transactions, and their repeated query packets. */
  queries: number;
  retries: number;
}

export function dnsProfile(ctx: DetectorContext): Promise<DnsProfileRow[]> {
  return ctx.memo("dns-profile", async () => {
    const { rows } = await ctx.db.query<{ sec: string; server: string; qtype: number | null; queries: string; retries: string }>(
      `SELECT sec, host(server) AS server, qtype, queries, retries FROM (
         SELECT query_us / 1000000 AS sec, server, qtype, count(*) AS queries, sum(retries) AS retries
           FROM dns_transactions WHERE upload_id = ANY($1::uuid[]) GROUP BY 1, 2, 3) t`,
      [ctx.uploads.captures],
    );
    return rows.map((r) => ({ sec: Number(r.sec), server: r.server, qtype: r.qtype, queries: Number(r.queries), retries: Number(r.retries) }));
  });
}

/** Addresses that answer DNS in this incident's captures (asked as a server at least once). */
export async function resolvers(ctx: DetectorContext): Promise<string[]> {
  return [...new Set((await dnsProfile(ctx)).map((r) => r.server))];
}

export { QTYPE_NAMES, qtypeName } from "@/lib/schemas/dns-codes";
