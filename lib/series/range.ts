// Time ranges and bucket steps for series queries. Buckets are aligned to multiples of the step
// since the epoch, so the same bucket has the same start in every panel and every query.
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { ZTime } from "@/lib/schemas/time";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "Nice" steps; evidence is rolled up per second, so 1 s is the finest. */
export const STEPS_MS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY,
];

export const MAX_POINTS = 10_000;
const UNIT_MS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY };

/** "10s", "1m", "1h", "1d", or a number of milliseconds. */
export const ZStep = z.union([z.number(), z.string().trim()]).transform((value, ctx) => {
  const m = typeof value === "number" ? null : /^(\d+)(ms|s|m|h|d)?$/.exec(value);
  const ms = typeof value === "number" ? value : m ? Number(m[1]) * UNIT_MS[m[2] ?? "ms"]! : NaN;
  if (!Number.isInteger(ms) || ms < SECOND || ms % SECOND !== 0) {
    ctx.addIssue({ code: "custom", message: `step must be a whole number of seconds such as 1s, 10s, 1m or 1h (got ${JSON.stringify(value)})` });
    return z.NEVER;
  }
  return ms;
});

export const ZRangeQuery = z.object({
  from: ZTime.optional(),
  to: ZTime.optional(),
  step: ZStep.optional(),
  maxPoints: z.coerce.number().int().min(10).max(MAX_POINTS).optional(),
});
export type TRangeQuery = z.infer<typeof ZRangeQuery>;

export function chooseStep(from: number, to: number, maxPoints: number): number {
  const span = Math.max(to - from, SECOND);
  return STEPS_MS.find((s) => Math.ceil(span / s) <= maxPoints) ?? STEPS_MS[STEPS_MS.length - 1]!;
}

export interface Buckets {
  from: number;
  to: number;
  step: number;
  count: number;
}

/**
 * Resolves a query against a default range: aligns from down and to up to the step, picking the
 * step from maxPoints (default 1000) unless one was given. Throws a readable message when the
 * range is backwards or would produce too many points.
 */
export function resolveBuckets(q: TRangeQuery, fallback: { from: number; to: number }): Buckets {
  const from = q.from ?? fallback.from;
  const to = q.to ?? Math.max(fallback.to, from + SECOND);
  if (to <= from) throw new ApiError(400, "bad_range", "`to` must be after `from`.", { from, to });
  const step = q.step ?? chooseStep(from, to, q.maxPoints ?? 1000);
  const alignedFrom = Math.floor(from / step) * step;
  const alignedTo = Math.ceil(to / step) * step;
  const count = (alignedTo - alignedFrom) / step;
  if (count > MAX_POINTS) {
    throw new ApiError(400, "bad_range", `${count} buckets of ${step / SECOND}s is too many (max ${MAX_POINTS}); use a larger step or a shorter range.`);
  }
  return { from: alignedFrom, to: alignedTo, step, count };
}

/** Turns sparse (bucket → value) rows into a dense point list; empty buckets get `empty`. */
export function densePoints(b: Buckets, values: Map<number, number>, empty: number | null): Array<[number, number | null]> {
  const points: Array<[number, number | null]> = new Array(b.count);
  for (let i = 0; i < b.count; i++) {
    const t = b.from + i * b.step;
    points[i] = [t, values.get(t) ?? empty];
  }
  return points;
}
