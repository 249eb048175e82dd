// Y-axis domains and ticks computed from the visible data (stack totals for stacked series).
import type { TValues } from "./chart-data";

/**
 * A 0-based domain with round ticks (steps of 1, 2, 2.5 or 5 × 10^k, 2–5 intervals) whose top
 * wastes the least room above `max`; ties go to the count nearest `count`.
 */
export function niceLinear(max: number, count = 4): { domain: [number, number]; ticks: number[] } {
  if (!(max > 0) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 1] };
  const k0 = Math.floor(Math.log10(max));
  let best: { step: number; n: number; top: number } | null = null;
  for (let k = k0 - 2; k <= k0 + 1; k++) {
    for (const m of [1, 2, 2.5, 5]) {
      const step = m * 10 ** k;
      if (m === 2.5 && step < 10) continue; // keep small counts on whole numbers
      const n = Math.ceil(max / step - 1e-9);
      if (n < 2 || n > 5) continue;
      const top = n * step;
      if (!best || top < best.top - 1e-9 || (Math.abs(top - best.top) < 1e-9 && Math.abs(n - count) < Math.abs(best.n - count))) best = { step, n, top };
    }
  }
  const { step, n } = best ?? { step: max, n: 1 };
  const ticks = Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { domain: [0, ticks[n]!], ticks };
}

/** Powers of ten from lo to hi (a log axis's ticks). */
export function powersOfTen([lo, hi]: [number, number]): number[] {
  const out: number[] = [];
  for (let v = lo; v <= hi * 1.0001; v *= 10) out.push(Number(v.toPrecision(12)));
  return out;
}

/** The largest value drawn in buckets `[lo, hi)`: the biggest stack total or the biggest single line value. */
export function visibleMax(stacks: TValues[][], lines: TValues[], lo = 0, hi = (stacks[0]?.[0] ?? lines[0])?.length ?? 0): number {
  let max = 0;
  for (let i = lo; i < hi; i++) {
    for (const columns of stacks) {
      let sum = 0;
      for (const values of columns) sum += values[i] ?? 0;
      if (sum > max) max = sum;
    }
    for (const values of lines) {
      const v = values[i];
      if (v != null && v > max) max = v;
    }
  }
  return max;
}
