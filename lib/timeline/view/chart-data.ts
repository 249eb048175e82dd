// The chart-neutral data contract: series as rows of `{t, values}`, plus what the API said about
// them. Panels and exports work on this; only the chart component knows the charting library.
import type { TSeriesResponse } from "@/lib/schemas/series";
import { formatInstant } from "./format-time";

export type TSeriesInfo = { key: string; label: string; unit: string };
export type TChartRow = { t: number; values: Record<string, number | null> };
export type TChartData = { from: number; to: number; step: number; series: TSeriesInfo[]; rows: TChartRow[] };

export function toChartData(res: TSeriesResponse): TChartData {
  const byT = new Map<number, TChartRow>();
  const rows: TChartRow[] = [];
  for (const s of res.series) {
    for (const [t, v] of s.points) {
      let row = byT.get(t);
      if (!row) {
        row = { t, values: {} };
        byT.set(t, row);
        rows.push(row);
      }
      row.values[s.key] = v;
    }
  }
  rows.sort((a, b) => a.t - b.t);
  return { from: res.from, to: res.to, step: res.step, series: res.series.map(({ key, label, unit }) => ({ key, label, unit })), rows };
}

/** The row of the bucket containing t (buckets are `[t, t + step)`), or null outside the data. */
export function rowAt(data: TChartData, t: number): TChartRow | null {
  if (!data.rows.length || t < data.from || t >= data.to) return null;
  const guess = Math.floor((t - data.from) / data.step);
  const row = data.rows[guess];
  if (row && row.t <= t && t < row.t + data.step) return row;
  // Sparse rows (not the API's dense buckets): binary search for the last row at or before t.
  let lo = 0;
  let hi = data.rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (data.rows[mid]!.t <= t) lo = mid;
    else hi = mid - 1;
  }
  const found = data.rows[lo]!;
  return found.t <= t && t < found.t + data.step ? found : null;
}

/**
 * Where a line's points sit within their row: the centre of aggregated buckets (rows on step
 * multiples), or the point itself for raw samples (metric exports returned as exported).
 */
export const lineOffset = (data: TChartData) => (data.rows.every((r) => r.t % data.step === 0) ? data.step / 2 : 0);

/** True when no visible series has a non-zero value. */
export function isEmptyData(data: TChartData, keys: string[] = data.series.map((s) => s.key)): boolean {
  return data.rows.every((r) => keys.every((k) => !r.values[k]));
}

/** Log-scale bounds on powers of ten around the positive values, or null when there are none. */
export function logDomain(data: TChartData, keys: string[]): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const r of data.rows) {
    for (const k of keys) {
      const v = r.values[k];
      if (v != null && v > 0) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  if (!Number.isFinite(min)) return null;
  const lo = 10 ** Math.floor(Math.log10(min));
  const hi = 10 ** Math.ceil(Math.log10(max));
  return [lo, hi > lo ? hi : lo * 10];
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV with one row per bucket: UTC time, epoch ms, then one column per series (label, unit). */
export function toCsv(data: TChartData, keys: string[] = data.series.map((s) => s.key)): string {
  const series = data.series.filter((s) => keys.includes(s.key));
  const head = ["time_utc", "t_ms", ...series.map((s) => `${s.label} (${s.unit})`)];
  const lines = data.rows.map((r) => [formatInstant(r.t, "utc"), String(r.t), ...series.map((s) => (r.values[s.key] ?? "").toString())]);
  return [head, ...lines].map((cells) => cells.map(csvCell).join(",")).join("\n") + "\n";
}
