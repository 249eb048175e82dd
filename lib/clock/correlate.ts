// The maths of a proposed clock offset, pure: the lag at which two per-second count series agree
// best (normalised cross-correlation over a bounded lag range), then the sub-second shift of one
// side's exact event times that makes their per-second counts agree best.

/** Seconds (epoch) → count; sparse. */
export type SecondCounts = Map<number, number>;

export interface LagFit {
  /** Seconds to add to the second series' times so it lines up with the first. */
  lagS: number;
  /** Pearson correlation at that lag, over `spanS` seconds. */
  correlation: number;
  /** The best correlation at any lag more than 2 s away: how distinct the peak is. */
  runnerUp: number;
  spanS: number;
}

interface Window {
  lo: number;
  n: number;
}

function stats(counts: SecondCounts, w: Window): { sum: number; sumSq: number } {
  let sum = 0;
  let sumSq = 0;
  for (const [s, v] of counts) {
    if (s < w.lo || s >= w.lo + w.n) continue;
    sum += v;
    sumSq += v * v;
  }
  return { sum, sumSq };
}

/** Pearson correlation of a and b (shifted by `lag` seconds) over the window, zeros where a series has no entry. */
function correlationAt(a: SecondCounts, b: SecondCounts, lag: number, w: Window, sa: { sum: number; sumSq: number }): number {
  let cross = 0;
  let sumB = 0;
  let sumSqB = 0;
  for (const [s, v] of b) {
    const at = s + lag;
    if (at < w.lo || at >= w.lo + w.n) continue;
    sumB += v;
    sumSqB += v * v;
    const u = a.get(at);
    if (u) cross += u * v;
  }
  const varA = sa.sumSq - (sa.sum * sa.sum) / w.n;
  const varB = sumSqB - (sumB * sumB) / w.n;
  if (varA <= 0 || varB <= 0) return 0;
  return (cross - (sa.sum * sumB) / w.n) / Math.sqrt(varA * varB);
}

const span = (counts: SecondCounts) => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of counts.keys()) {
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  return { lo, hi };
};

/**
 * The whole-second lag within ±maxLagS at which `b` correlates best with `a`. The window is
 * where `a` has events (the reference), so a lag that slides b's peaks out of it scores low.
 * Null when either side is flat. Cost: entries of b × lags.
 */
export function bestLag(a: SecondCounts, b: SecondCounts, maxLagS: number): LagFit | null {
  const ra = span(a);
  const rb = span(b);
  if (!Number.isFinite(ra.lo) || !Number.isFinite(rb.lo)) return null;
  const w: Window = { lo: ra.lo, n: ra.hi - ra.lo + 1 };
  const sa = stats(a, w);
  if (w.n < 3) return null;
  const scores: Array<[number, number]> = [];
  for (let lag = -maxLagS; lag <= maxLagS; lag++) scores.push([lag, correlationAt(a, b, lag, w, sa)]);
  let best = scores[0]!;
  for (const s of scores) if (s[1] > best[1]) best = s;
  if (best[1] <= 0) return null;
  let runnerUp = -1;
  for (const [lag, r] of scores) if (Math.abs(lag - best[0]) > 2 && r > runnerUp) runnerUp = r;
  return { lagS: best[0], correlation: best[1], runnerUp, spanS: w.n };
}

/**
 * The shift (ms) of exact event times `timesMs` within `aroundMs` ± `radiusMs` that makes their
 * per-second counts correlate best with `a`, in steps of `stepMs`. Binned counts change only when
 * an event crosses a second boundary, so the best score holds over a run of shifts: its middle
 * is taken. Returns the shift to add to the times and its correlation.
 */
export function refineShift(a: SecondCounts, timesMs: readonly number[], aroundMs: number, radiusMs = 1500, stepMs = 10): { shiftMs: number; correlation: number } | null {
  const ra = span(a);
  if (!Number.isFinite(ra.lo) || timesMs.length === 0) return null;
  const w: Window = { lo: ra.lo, n: ra.hi - ra.lo + 1 };
  const sa = stats(a, w);
  const scores: Array<[number, number]> = [];
  for (let shift = aroundMs - radiusMs; shift <= aroundMs + radiusMs; shift += stepMs) {
    const b: SecondCounts = new Map();
    for (const t of timesMs) {
      const s = Math.floor((t + shift) / 1000);
      b.set(s, (b.get(s) ?? 0) + 1);
    }
    scores.push([shift, correlationAt(a, b, 0, w, sa)]);
  }
  let bestIndex = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]![1] > scores[bestIndex]![1] + 1e-12) bestIndex = i;
  const top = scores[bestIndex]![1];
  if (top <= 0) return null;
  let first = bestIndex;
  let last = bestIndex;
  while (first > 0 && Math.abs(scores[first - 1]![1] - top) < 1e-9) first--;
  while (last < scores.length - 1 && Math.abs(scores[last + 1]![1] - top) < 1e-9) last++;
  return { shiftMs: Math.round((scores[first]![0] + scores[last]![0]) / 2), correlation: top };
}
