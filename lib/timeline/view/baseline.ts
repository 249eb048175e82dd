// The baseline drawn beside the incident: the same series over the baseline range, moved onto the
// view's time grid so it reads as a muted overlay (Grafana's time shift). Stacked panels compare
// their total; line panels each series. Pure.
import type { TRange, TBaseline } from "@/lib/timeline/view-state";
import { baselineRange } from "@/lib/timeline/view-state";
import { indexAt, type TChartData } from "./chart-data";
import { formatDuration } from "./format-time";

export const BASELINE_SUFFIX = "~baseline";
/** The key of a chart's baseline total (stacked charts compare their sum). */
export const baselineTotalKey = (chartId: string) => `total:${chartId}${BASELINE_SUFFIX}`;

export type TBaselineView = {
  range: TRange;
  /** Added to a baseline time to land on the view's axis. */
  offset: number;
  /** "1 h before", or "normal range" for a chosen one. */
  label: string;
};

export function baselineView(b: TBaseline | null, domain: TRange): TBaselineView | null {
  if (!b) return null;
  const range = baselineRange(b, domain);
  // A chosen range is laid from the view's start: its first minute beside the view's first minute.
  return { range, offset: domain.from - range.from, label: "shift" in b ? `${formatDuration(-(range.from - domain.from))} before` : "normal range" };
}

export const baselineKey = (key: string) => `${key}${BASELINE_SUFFIX}`;
export const isBaselineKey = (key: string) => key.endsWith(BASELINE_SUFFIX);

/**
 * `data` with the baseline's values beside it, bucket by bucket of `data`: each bucket takes the
 * baseline bucket containing its time minus `offset` (null where the baseline has none). With
 * `totalKey`, one series of that key and label: the sum of `keys`; otherwise one per key, labelled
 * "<its label>, <label>".
 */
export function withBaseline(data: TChartData, base: TChartData, offset: number, keys: string[], totalKey: string | null, label: string): TChartData {
  const columns = new Map(base.series.map((s) => [s.key, s.values]));
  const at = data.t.map((t) => indexAt(base, t - offset));
  const added = totalKey
    ? [{ key: totalKey, label, unit: data.series[0]?.unit ?? "", values: at.map((j) => sumAt(columns, keys, j)) }]
    : keys.flatMap((key) => {
        const info = data.series.find((s) => s.key === key);
        const values = columns.get(key);
        return info ? [{ key: baselineKey(key), label: `${info.label}, ${label}`, unit: info.unit, values: at.map((j) => (j < 0 || !values ? null : (values[j] ?? null))) }] : [];
      });
  return { ...data, series: [...data.series, ...added] };
}

function sumAt(columns: Map<string, ReadonlyArray<number | null>>, keys: string[], j: number): number | null {
  if (j < 0) return null;
  let sum: number | null = null;
  for (const key of keys) {
    const v = columns.get(key)?.[j];
    if (v != null) sum = (sum ?? 0) + v;
  }
  return sum;
}

/** "+12 (+40%)" from the incident's value and the baseline's; null when either is missing. */
export function differenceText(value: number | null, base: number | null, format: (v: number) => string): string | null {
  if (value === null || base === null) return null;
  const d = value - base;
  const sign = d > 0 ? "+" : d < 0 ? "−" : "±";
  const pct = base !== 0 ? ` (${sign}${Math.abs(Math.round((d / base) * 100))}%)` : "";
  return `${sign}${format(Math.abs(d))}${pct}`;
}
