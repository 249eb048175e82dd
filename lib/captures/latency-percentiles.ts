// p50/p90/p99 of one time bucket's DNS latency histogram, shared by the series (over histogram
// rows merged at query time) and by capture ingest (which stores them per 5 s and 1 min bucket,
// so the series can read them instead): both must give exactly the same numbers. No server-only
// import: ingest also runs outside Next.
import { bucketMidUs } from "@/lib/captures/latency-histogram";

/** The quantiles of the DNS series, in the order returned. */
export const LATENCY_QUANTILES = [0.5, 0.9, 0.99] as const;

/** Dense counts indexed by latency bucket id (SMALLINT), for percentilesOfCounts(). */
export const newLatencyScratch = () => new Float64Array(1 << 15);

/**
 * LATENCY_QUANTILES (µs) from dense bucket counts holding `total` samples in buckets lo..hi — the
 * same nearest-rank bucket midpoints as percentileFromBuckets(), capped by the exact maximum, all
 * in one pass — then zeroes lo..hi so `counts` can be reused.
 */
export function percentilesOfCounts(counts: Float64Array, lo: number, hi: number, total: number, maxUs: number | undefined): Array<number | null> {
  const out: Array<number | null> = LATENCY_QUANTILES.map(() => null);
  if (total > 0) {
    let next = 0;
    let rank = Math.min(total, Math.max(1, Math.ceil(LATENCY_QUANTILES[0] * total)));
    let seen = 0;
    for (let b = lo; b <= hi && next < LATENCY_QUANTILES.length; b++) {
      seen += counts[b]!;
      while (next < LATENCY_QUANTILES.length && seen >= rank) {
        const mid = bucketMidUs(b);
        out[next] = maxUs !== undefined && maxUs < mid ? maxUs : mid;
        next++;
        if (next < LATENCY_QUANTILES.length) rank = Math.min(total, Math.max(1, Math.ceil(LATENCY_QUANTILES[next]! * total)));
      }
    }
  }
  if (hi >= lo) counts.fill(0, lo, hi + 1);
  return out;
}

/** percentilesOfCounts() of sparse (bucket → count) entries; `counts` is scratch space, all zeros. */
export function percentilesOfEntries(entries: Iterable<readonly [number, number]>, counts: Float64Array, maxUs: number | undefined): Array<number | null> {
  let lo = counts.length;
  let hi = -1;
  let total = 0;
  for (const [bucket, count] of entries) {
    if (count <= 0) continue;
    counts[bucket]! += count;
    total += count;
    if (bucket < lo) lo = bucket;
    if (bucket > hi) hi = bucket;
  }
  return percentilesOfCounts(counts, lo, hi, total, maxUs);
}
