// SVG path strings for series, built in one pass over the rows (far cheaper than one object per
// point): stacked step areas for counts per bucket, lines through bucket centres for gauges.
import type { TChartRow } from "./chart-data";

type Scale = (v: number) => number;

const f = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * Stacked step areas: each bucket `[t, t + step)` is a flat segment; runs of equal values merge
 * into one segment. Returns, bottom to top, the filled area and the top edge (stroked) of each
 * series. Missing values count as 0.
 */
export function stackedStepPaths(rows: TChartRow[], keys: string[], step: number, x: Scale, y: Scale): Array<{ key: string; area: string; line: string }> {
  const n = rows.length;
  if (!n) return keys.map((key) => ({ key, area: "", line: "" }));
  const x0 = rows.map((r) => f(x(r.t)));
  const x1 = rows.map((r) => f(x(r.t + step)));
  let base = new Array<number>(n).fill(0);
  let baseY = base.map((v) => f(y(v)));
  return keys.map((key) => {
    const top = rows.map((r, i) => base[i]! + (r.values[key] ?? 0));
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

/**
 * A line through the points, `offset` ms after each row's time (half a step puts aggregated
 * buckets at their centres). A null value breaks the line; a series absent from a row (other
 * series' raw timestamps) is simply skipped. `ok` rejects undrawable values (≤ 0 on a log axis).
 */
export function linePath(rows: TChartRow[], key: string, offset: number, x: Scale, y: Scale, ok: (v: number) => boolean = Number.isFinite): string {
  let d = "";
  let pen = false;
  for (const r of rows) {
    const v = r.values[key];
    if (v === undefined) continue;
    if (v === null || !ok(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${f(x(r.t + offset))},${f(y(v))}`;
    pen = true;
  }
  return d;
}
