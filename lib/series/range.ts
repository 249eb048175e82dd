// A series query's range resolved against the incident's default range, and the columns an answer
// is built in: one slot per bucket, written straight from the per-bucket SQL rows.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { alignBuckets, chooseStep, DEFAULT_MAX_POINTS, MAX_POINTS, type TBuckets, type TRangeQuery } from "@/lib/schemas/series";

const SECOND = 1000;

/**
 * Resolves a query against a default range: aligns from down and to up to the step, picking the
 * step from maxPoints (default 1000) unless one was given. Throws a readable message when the
 * range is backwards or would produce too many points.
 */
export function resolveBuckets(q: TRangeQuery, fallback: { from: number; to: number }): TBuckets {
  const from = q.from ?? fallback.from;
  const to = q.to ?? Math.max(fallback.to, from + SECOND);
  if (to <= from) throw new ApiError("bad_range", "`to` must be after `from`.", { from, to });
  const step = q.step ?? chooseStep(from, to, q.maxPoints ?? DEFAULT_MAX_POINTS);
  const buckets = alignBuckets(from, to, step);
  if (buckets.count > MAX_POINTS) {
    throw new ApiError("bad_range", `${buckets.count} buckets of ${step / SECOND}s is too many (max ${MAX_POINTS}); use a larger step or a shorter range.`);
  }
  return buckets;
}

/** Every bucket's start: an answer's `t`. */
export function bucketTimes(b: TBuckets): number[] {
  const t = new Array<number>(b.count);
  for (let i = 0; i < b.count; i++) t[i] = b.from + i * b.step;
  return t;
}

/** One value per bucket, each `empty` until a row fills it. */
export const emptyColumn = (b: TBuckets, empty: number | null): Array<number | null> => new Array<number | null>(b.count).fill(empty);

/** The slot of the bucket starting at `t` (a row's bucket), or -1 when `t` starts no bucket of `b`. */
export function bucketIndex(b: TBuckets, t: number): number {
  const i = (t - b.from) / b.step;
  return Number.isInteger(i) && i >= 0 && i < b.count ? i : -1;
}

/** A column from sparse (bucket start → value) entries; buckets without one get `empty`. */
export function denseColumn(b: TBuckets, values: Map<number, number>, empty: number | null): Array<number | null> {
  const column = emptyColumn(b, empty);
  for (const [t, v] of values) {
    const i = bucketIndex(b, t);
    if (i >= 0) column[i] = v;
  }
  return column;
}
