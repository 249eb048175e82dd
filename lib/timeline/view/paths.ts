// SVG path strings for series, built in one pass over the columns (far cheaper than one object per
// point): stacked step areas for counts per bucket, lines through bucket centres for gauges. Each
// draws the buckets `[lo, hi)` of the shared times `t`, so a zoom slices nothing.
import type { TValues } from "./chart-data";

type Scale = (v: number) => number;

const f = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * Stacked step areas: each bucket `[t, t + step)` is a flat segment; runs of equal values merge
 * into one segment. Returns, bottom to top, the filled area and the top edge (stroked) of each
 * series. Missing values count as 0.
 */
export function stackedStepPaths(
  t: readonly number[], series: Array<{ key: string; values: TValues }>, step: number, x: Scale, y: Scale, lo = 0, hi = t.length,
): Array<{ key: string; area: string; line: string }> {
  const n = hi - lo;
  if (n <= 0) return series.map(({ key }) => ({ key, area: "", line: "" }));
  const x0 = new Array<string>(n);
  const x1 = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    x0[i] = f(x(t[lo + i]!));
    x1[i] = f(x(t[lo + i]! + step));
  }
  let base = new Array<number>(n).fill(0);
  let baseY = base.map((v) => f(y(v)));
  return series.map(({ key, values }) => {
    const top = new Array<number>(n);
    for (let i = 0; i < n; i++) top[i] = base[i]! + (values[lo + i] ?? 0);
    const topY = top.map((v) => f(y(v)));
    const line = `M${x0[0]},${topY[0]}${steps(x0, x1, topY, 0, n - 1)}`;
    const back = `L${x1[n - 1]},${baseY[n - 1]}${steps(x1, x0, baseY, n - 1, 0)}`;
    base = top;
    baseY = topY;
    return { key, area: `${line}${back}Z`, line };
  });
}

/** The step outline from bucket `from` to `to` (either direction), pen already at its start. */
function steps(start: string[], end: string[], ys: string[], from: number, to: number): string {
  const dir = to >= from ? 1 : -1;
  let d = "";
  let y = ys[from]!;
  let pending = end[from]!;
  for (let i = from + dir; dir > 0 ? i <= to : i >= to; i += dir) {
    if (ys[i] === y && start[i] === pending) {
      pending = end[i]!;
      continue;
    }
    d += `H${pending}L${start[i]},${ys[i]}`;
    y = ys[i]!;
    pending = end[i]!;
  }
  return `${d}H${pending}`;
}

export type TLineOptions = {
  /** Rejects undrawable values (≤ 0 on a log axis); they break the line. */
  ok?: (v: number) => boolean;
  /** Nulls are times without a sample of this series (a raw answer): skipped, not a break. */
  joinNulls?: boolean;
  lo?: number;
  hi?: number;
};

/**
 * A line through the points, `offset` ms after each time (half a step puts aggregated buckets at
 * their centres). A null value breaks the line, unless `joinNulls` (another series' raw sample
 * time): then it is simply skipped.
 */
export function linePath(t: readonly number[], values: TValues, offset: number, x: Scale, y: Scale, options: TLineOptions = {}): string {
  const { ok = Number.isFinite, joinNulls = false, lo = 0, hi = t.length } = options;
  let d = "";
  let pen = false;
  for (let i = lo; i < hi; i++) {
    const v = values[i] ?? null;
    if (v === null && joinNulls) continue;
    if (v === null || !ok(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${f(x(t[i]! + offset))},${f(y(v))}`;
    pen = true;
  }
  return d;
}
