// The lag between rollout markers and the metric steps they cause, pure: for each marker, the
// largest jump of a series near it; when several markers see their steps at the same lag, that
// lag is either the rollout's effect taking time or the two sources' clocks disagreeing.

export type TPoint = readonly [t: number, v: number];

export interface StepFit {
  /** Median of step time − marker time, ms. */
  lagMs: number;
  /** max − min of the lags, ms: how consistently the steps follow. */
  spreadMs: number;
  /** Markers with a clear step near them, of `markers`. */
  matched: number;
  markers: number;
  /** The series' median sampling interval, ms: no lag is known finer than it. */
  intervalMs: number;
}

/** A jump counts as a step when it is this many times the series' median jump. */
const STEP_FACTOR = 5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

/**
 * The lag of `points` (ascending) behind `markers` (ms): each marker's step is the largest jump
 * between consecutive samples within ±`windowMs`, timed at the sample after it. Null when fewer
 * than two markers have a clear step.
 */
export function stepLag(markers: number[], points: readonly TPoint[], windowMs: number): StepFit | null {
  if (points.length < 3 || markers.length < 2) return null;
  const jumps: number[] = [];
  const gaps: number[] = [];
  for (let i = 1; i < points.length; i++) {
    jumps.push(Math.abs(points[i]![1] - points[i - 1]![1]));
    gaps.push(points[i]![0] - points[i - 1]![0]);
  }
  const typical = median(jumps);
  const intervalMs = median(gaps);
  const lags: number[] = [];
  for (const m of markers) {
    let best = -1;
    let bestJump = 0;
    for (let i = 1; i < points.length; i++) {
      const t = points[i]![0];
      if (t < m - windowMs || t > m + windowMs) continue;
      if (jumps[i - 1]! > bestJump) [best, bestJump] = [i, jumps[i - 1]!];
    }
    // A flat series (typical 0) steps on any change; otherwise the jump must stand out.
    if (best > 0 && bestJump > 0 && bestJump >= STEP_FACTOR * typical) lags.push(points[best]![0] - m);
  }
  if (lags.length < 2) return null;
  return { lagMs: median(lags), spreadMs: Math.max(...lags) - Math.min(...lags), matched: lags.length, markers: markers.length, intervalMs };
}
