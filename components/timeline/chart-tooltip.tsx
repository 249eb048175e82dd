"use client";

import type { TZone } from "@/lib/timeline/view-state";
import type { TChartRow } from "@/lib/timeline/view/chart-data";
import { formatDuration, formatInstant, zoneLabel } from "@/lib/timeline/view/format-time";
import { formatValue } from "@/lib/timeline/view/format-value";
import { headline, type TAnnotationMark } from "@/lib/timeline/view/annotations";
import { differenceText } from "@/lib/timeline/view/baseline";
import type { TMarker } from "@/lib/timeline/view/markers";
import type { TChartSeries } from "./time-chart";
import { formatOffset } from "@/lib/schemas/clock";
import type { TSeriesSource } from "@/lib/schemas/series";

type Props = {
  x: number;
  plotWidth: number;
  t: number;
  row: TChartRow | null;
  step: number | null;
  series: TChartSeries[];
  unit: string;
  markers: TMarker[];
  annotations: TAnnotationMark[];
  tz: TZone;
  /** The chart under the mouse; the others show the same time, slightly quieter. */
  active: boolean;
  /** Uploads of this answer read on a changed clock. */
  sources?: TSeriesSource[];
};

const MAX_ROWS = 10;
/** Charts other than the hovered one show a shorter tooltip and leave markers to the lane. */
const MAX_ROWS_QUIET = 6;

/** Values of the bucket containing the hovered time (each panel has its own bucket step). */
export function ChartTooltip({ x, plotWidth, t, row, step, series, unit, markers, annotations, tz, active, sources = [] }: Props) {
  const visible = series.filter((s) => !s.hidden);
  const entries = row ? visible.map((s) => ({ s, v: row.values[s.key] ?? null })) : [];
  const max = active ? MAX_ROWS : MAX_ROWS_QUIET;
  const shown = entries.length > max ? [...entries].sort((a, b) => (b.v ?? -Infinity) - (a.v ?? -Infinity)).slice(0, max) : entries;
  const side = x > plotWidth * 0.6 ? { right: plotWidth - x + 10 } : { left: x + 10 };
  return (
    <div className={active ? "tl-tooltip active" : "tl-tooltip"} data-testid="chart-tooltip" data-t={row?.t ?? ""} style={side} role="status">
      <div className="tl-tooltip-time mono">
        {formatInstant(row?.t ?? t, tz)} {zoneLabel(tz)}
        {row && step ? <span className="muted"> · {formatDuration(step)}</span> : null}
      </div>
      {shown.map(({ s, v }) => (
        <div key={s.key} className="tl-tooltip-row">
          <span className="tl-swatch" style={{ background: s.color }} />
          <span className="tl-tooltip-label">{s.label}</span>
          <span className="mono">{formatValue(v, unit)}</span>
          {s.compareTo && row && <Difference value={sumOf(row, s.compareTo)} base={v} unit={unit} />}
        </div>
      ))}
      {entries.length > shown.length && <div className="muted">+{entries.length - shown.length} more</div>}
      {active && sources.map((s) => (
        <div key={s.uploadId} className="muted" data-testid="tooltip-clock">
          {s.filename}{s.clockOffsetMs !== 0 ? ` shifted ${formatOffset(s.clockOffsetMs)}` : ""}{s.timeZone ? ` · read in ${s.timeZone}` : ""}
        </div>
      ))}
      {active && markers.map((m) => (
        <div key={m.id} className="tl-tooltip-marker" data-testid="tooltip-marker">
          ⚑ {m.label} <span className="muted">({m.kind})</span>
        </div>
      ))}
      {active && annotations.map((a) => (
        <div key={a.id} className={`tl-tooltip-note hy-stance-${a.stance}`} data-testid="tooltip-annotation">
          ✎ {headline(a.text)} <span className="muted">— {a.author ?? "anonymous"}</span>
        </div>
      ))}
    </div>
  );
}

function sumOf(row: TChartRow, keys: string[]): number | null {
  let sum: number | null = null;
  for (const k of keys) {
    const v = row.values[k];
    if (v != null) sum = (sum ?? 0) + v;
  }
  return sum;
}

/** How the incident differs from its baseline at this time. */
function Difference({ value, base, unit }: { value: number | null; base: number | null; unit: string }) {
  const text = differenceText(value, base, (v) => formatValue(v, unit));
  return text ? <span className="muted mono tl-tooltip-diff" data-testid="tooltip-difference" title="The incident minus the baseline">Δ {text}</span> : null;
}
