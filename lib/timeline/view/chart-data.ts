// The chart-neutral data contract: the API's columnar answer as it comes (one shared `t`, one
// values array per series), and the lookups panels, charts and exports need on it. Only the chart
// component knows the charting library.
import { csvQuote, csvText } from "@/lib/format";
import type { TSeriesColumns, TSeriesInfo } from "@/lib/schemas/series";
import type { TRange } from "@/lib/timeline/view-state";
import { formatInstant } from "./format-time";

export type { TSeriesInfo };
export type TChartData = TSeriesColumns;
/** One series' values, aligned with `t`. */
export type TValues = ReadonlyArray<number | null>;
/** One bucket and every series' value in it: what a tooltip shows. */
export type TChartRow = { t: number; values: Record<string, number | null> };

/** The values of the series with this key, if the answer has it. */
export const columnOf = (data: TChartData, key: string): TValues | undefined => data.series.find((s) => s.key === key)?.values;

/** The index of the bucket containing t (buckets are `[t, t + step)`), or -1 outside the data. */
export function indexAt(data: TChartData, t: number): number {
  const ts = data.t;
  if (!ts.length || t < data.from || t >= data.to) return -1;
  const guess = Math.floor((t - data.from) / data.step);
  const at = ts[guess];
  if (at !== undefined && at <= t && t < at + data.step) return guess;
  // Sparse times (raw samples, not the API's dense buckets): binary search for the last at or before t.
  let lo = 0;
  let hi = ts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return ts[lo]! <= t && t < ts[lo]! + data.step ? lo : -1;
}

/** The bucket containing t with each series' value there, or null outside the data. */
export function rowAt(data: TChartData, t: number): TChartRow | null {
  const i = indexAt(data, t);
  if (i < 0) return null;
  const values: Record<string, number | null> = {};
  for (const s of data.series) values[s.key] = s.values[i] ?? null;
  return { t: data.t[i]!, values };
}

/** Indices `[lo, hi)` of the buckets inside the domain plus one either side (so series run off the edges). */
export function visibleWindow(t: readonly number[], domain: TRange): [number, number] {
  let lo = 0;
  while (lo < t.length - 1 && t[lo + 1]! <= domain.from) lo++;
  let hi = t.length;
  while (hi > lo + 1 && t[hi - 2]! >= domain.to) hi--;
  return [lo, hi];
}

/**
 * Where a line's points sit within their bucket: the centre of aggregated buckets (times on step
 * multiples), or the point itself for raw samples (metric exports returned as exported).
 */
export const lineOffset = (data: TChartData) => (data.t.every((t) => t % data.step === 0) ? data.step / 2 : 0);

/** True when no visible series has a non-zero value. */
export function isEmptyData(data: TChartData, keys: string[] = data.series.map((s) => s.key)): boolean {
  return keys.every((k) => columnOf(data, k)?.every((v) => !v) ?? true);
}

/** Log-scale bounds on powers of ten around the positive values in `[lo, hi)`, or null when there are none. */
export function logDomain(data: TChartData, keys: string[], lo = 0, hi = data.t.length): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const k of keys) {
    const values = columnOf(data, k);
    if (!values) continue;
    for (let i = lo; i < hi; i++) {
      const v = values[i];
      if (v != null && v > 0) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  if (!Number.isFinite(min)) return null;
  const low = 10 ** Math.floor(Math.log10(min));
  const high = 10 ** Math.ceil(Math.log10(max));
  return [low, high > low ? high : low * 10];
}

/** CSV with one row per bucket: UTC time, epoch ms, then one column per series (label, unit). */
export function toCsv(data: TChartData, keys: string[] = data.series.map((s) => s.key)): string {
  const series = data.series.filter((s) => keys.includes(s.key));
  const head = ["time_utc", "t_ms", ...series.map((s) => csvText(`${s.label} (${s.unit})`))];
  const lines = data.t.map((t, i) => [formatInstant(t, "utc"), String(t), ...series.map((s) => (s.values[i] ?? "").toString())]);
  return [head, ...lines].map((cells) => cells.map(csvQuote).join(",")).join("\n") + "\n";
}
