// Exact DNS latency percentiles where a time bucket holds few answers. The histograms answer
// p50/p90/p99 within ±0.8 % (a bucket midpoint), which shows: one answer of 125.857 ms read as a
// p50 of 125.44 ms, below its own maximum. A bucket with at most EXACT_PERCENTILE_MAX answers is
// answered from its stored transactions instead — nearest rank (percentile_disc), the same
// definition the histograms approximate — the smallest buckets first, up to EXACT_ROW_BUDGET
// answers per request so a long range stays one bounded query.
import "server-only";
import { LATENCY_QUANTILES } from "@/lib/captures/latency-percentiles";
import { DNS_COUNT_KEYS, DNS_PERCENTILE_KEYS, type TBuckets } from "@/lib/schemas/series";
import { bucketIndex } from "./range";
import { evidenceQuery } from "./series";

/** Buckets with at most this many answers get exact percentiles. */
export const EXACT_PERCENTILE_MAX = 1000;
/** Answers read for exact percentiles per request at most. */
export const EXACT_ROW_BUDGET = 200_000;

const ANSWERED = DNS_COUNT_KEYS.indexOf("answered");

/**
 * Replaces the percentiles (ms, one column per DNS_PERCENTILE_KEYS) of the buckets with few
 * answers (`counts` in DNS_COUNT_KEYS order) by exact ones; returns those buckets' starts.
 */
export async function exactSmallBuckets(
  uploads: string[], b: TBuckets, counts: ReadonlyArray<ReadonlyArray<number | null>>, percentiles: Array<Array<number | null>>,
): Promise<number[]> {
  const answered = counts[ANSWERED]!;
  const small: number[] = [];
  for (let i = 0; i < b.count; i++) {
    const n = answered[i] ?? 0;
    if (n > 0 && n <= EXACT_PERCENTILE_MAX) small.push(i);
  }
  if (!small.length) return [];
  small.sort((x, y) => answered[x]! - answered[y]! || x - y);
  let rows = 0;
  const chosen: number[] = [];
  for (const i of small) {
    if (rows + answered[i]! > EXACT_ROW_BUDGET) break;
    rows += answered[i]!;
    chosen.push(i);
  }
  chosen.sort((x, y) => x - y);
  const stepUs = b.step * 1000;
  const starts = chosen.map((i) => (b.from + i * b.step) * 1000);
  const from = starts[0]!;
  const to = starts.at(-1)! + stepUs;
  const result = await evidenceQuery<{ b: string; p: number[] }>(uploads, [stepUs, from, to, starts], (source) =>
    `SELECT (query_us / $1) * $1 / 1000 AS b, percentile_disc(ARRAY[${LATENCY_QUANTILES.join(", ")}]::float8[]) WITHIN GROUP (ORDER BY latency_us)::float8[] AS p
       FROM ${source("dns_transactions", "query_us, latency_us", "query_us >= $2 AND query_us < $3 AND latency_us IS NOT NULL")} t
      WHERE (query_us / $1) * $1 = ANY($4::bigint[]) GROUP BY 1`,
  );
  const exact: number[] = [];
  for (const r of result) {
    const i = bucketIndex(b, Number(r.b));
    if (i < 0 || !r.p) continue;
    DNS_PERCENTILE_KEYS.forEach((_, k) => (percentiles[k]![i] = r.p[k]! / 1000));
    exact.push(b.from + i * b.step);
  }
  return exact.sort((x, y) => x - y);
}
