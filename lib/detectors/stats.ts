// Small robust statistics and time-window helpers shared by the detectors. Pure.

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/** Median absolute deviation scaled to a standard deviation for normal data. */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

export const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

export interface Run {
  /** Epoch ms: first flagged bucket, and the end of the last one (exclusive). */
  from: number;
  to: number;
  /** The flagged bucket starts in this run. */
  buckets: number[];
}

/** Groups flagged bucket starts into runs; buckets closer than `maxGapMs` join the same run. */
export function toRuns(flagged: readonly number[], stepMs: number, maxGapMs: number): Run[] {
  const sorted = [...flagged].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (const t of sorted) {
    const last = runs[runs.length - 1];
    if (last && t - last.to <= maxGapMs) {
      last.to = t + stepMs;
      last.buckets.push(t);
    } else runs.push({ from: t, to: t + stepMs, buckets: [t] });
  }
  return runs;
}

/**
 * Increases of a cumulative counter between consecutive points ([ts, value], sorted), the way
 * Prometheus' increase() reads them: a drop is a reset, after which the new value is the increase.
 */
export function counterIncreases(points: ReadonlyArray<readonly [number, number]>): Array<{ from: number; to: number; increase: number }> {
  const out: Array<{ from: number; to: number; increase: number }> = [];
  for (let i = 1; i < points.length; i++) {
    const [t0, v0] = points[i - 1]!;
    const [t1, v1] = points[i]!;
    const increase = v1 >= v0 ? v1 - v0 : v1;
    if (increase > 0) out.push({ from: t0, to: t1, increase });
  }
  return out;
}

/** Counter increases merged into episodes: increases less than `maxGapMs` apart join. */
export function increaseEpisodes(points: ReadonlyArray<readonly [number, number]>, maxGapMs: number): Array<{ from: number; to: number; increase: number }> {
  const episodes: Array<{ from: number; to: number; increase: number }> = [];
  for (const inc of counterIncreases(points)) {
    const last = episodes[episodes.length - 1];
    if (last && inc.from - last.to <= maxGapMs) {
      last.to = inc.to;
      last.increase += inc.increase;
    } else episodes.push({ ...inc });
  }
  return episodes;
}
