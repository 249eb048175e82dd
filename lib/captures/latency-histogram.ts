// Log-linear latency histogram with small, stable integer bucket ids (stored in Postgres as
// sparse per-second (bucket, count) rows, so the formula below must never change).
//
// Values are integer microseconds. With S = 64 sub-buckets per power of two:
//   v < 128:  bucket = v                                   (exact, 1 µs wide)
//   v ≥ 128:  e = floor(log2 v) − 6,  bucket = 64·e + (v >> e)
// so bucket b ≥ 128 covers [ (b − 64e) << e , (b − 64e + 1) << e ) with e = floor(b / 64) − 1.
// A bucket is at most 1/64 of its lower bound wide; percentiles report the bucket midpoint, so
// their relative error is ≤ 1/128 (< 0.8 %). 1 ms = 1 000 µs → bucket 317; 1 s → 954;
// 60 s → 1 330; ids stay below 2 600 for any latency under a year.

const SUB_BUCKET_BITS = 6;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
const LINEAR_LIMIT = 2 * SUB_BUCKETS;

/** Bucket id of a latency in µs (negative → 0, fractions floored). */
export function latencyBucket(us: number): number {
  const v = us > 0 ? Math.floor(us) : 0;
  if (v < LINEAR_LIMIT) return v;
  const log2 = v < 0x80000000 ? 31 - Math.clz32(v) : Math.floor(Math.log2(v));
  const e = log2 - SUB_BUCKET_BITS;
  return SUB_BUCKETS * e + Math.floor(v / 2 ** e);
}

function shiftOf(bucket: number): number {
  return Math.max(0, Math.floor(bucket / SUB_BUCKETS) - 1);
}

/** Smallest µs value in the bucket. */
export function bucketLowerUs(bucket: number): number {
  const e = shiftOf(bucket);
  return (bucket - SUB_BUCKETS * e) * 2 ** e;
}

/** One past the largest µs value in the bucket. */
export function bucketUpperUs(bucket: number): number {
  return bucketLowerUs(bucket) + 2 ** shiftOf(bucket);
}

/** The value reported for a bucket: the middle of its integer µs range. */
export function bucketMidUs(bucket: number): number {
  return (bucketLowerUs(bucket) + bucketUpperUs(bucket) - 1) / 2;
}

export type BucketCounts = Map<number, number> | ReadonlyArray<readonly [bucket: number, count: number]>;

/**
 * The q-quantile (0 < q ≤ 1) by nearest rank — the value of the ⌈q·n⌉-th smallest sample — from
 * bucket counts (e.g. per-second rows summed over a timeline step), as the bucket midpoint.
 * Pass the exact maximum when known: the result never exceeds it. Null when there are no samples.
 */
export function percentileFromBuckets(buckets: BucketCounts, q: number, maxUs?: number): number | null {
  const sorted = [...buckets].filter(([, count]) => count > 0).sort((a, b) => a[0] - b[0]);
  let total = 0;
  for (const [, count] of sorted) total += count;
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil(q * total)));
  let seen = 0;
  for (const [bucket, count] of sorted) {
    seen += count;
    if (seen >= rank) {
      const mid = bucketMidUs(bucket);
      return maxUs !== undefined && maxUs < mid ? maxUs : mid;
    }
  }
  return null;
}

/** Accumulates latencies: sparse bucket counts plus the exact maximum. */
export class LatencyHistogram {
  readonly buckets = new Map<number, number>();
  count = 0;
  maxUs: number | null = null;

  add(us: number): void {
    const b = latencyBucket(us);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
    this.count++;
    if (this.maxUs === null || us > this.maxUs) this.maxUs = us;
  }

  /** Adds another histogram's samples. */
  merge(other: LatencyHistogram): void {
    for (const [b, n] of other.buckets) this.buckets.set(b, (this.buckets.get(b) ?? 0) + n);
    this.count += other.count;
    if (other.maxUs !== null && (this.maxUs === null || other.maxUs > this.maxUs)) this.maxUs = other.maxUs;
  }

  percentile(q: number): number | null {
    return percentileFromBuckets(this.buckets, q, this.maxUs ?? undefined);
  }
}
