"use client";

// The only component that knows Recharts. It takes the API's columns (one shared `t`, one values
// array per series) and draws them on the shared time domain with fixed geometry (layout.ts):
// Recharts supplies the surface, axes and grid; SeriesLayer draws each series as one SVG path
// (a zoom with six panels must redraw in well under 300 ms, which Recharts' per-point Area/Line
// elements cannot do at one bucket per pixel), MarkerLayer the marker bands and lines, and
// AnnotationLayer the annotations as tinted spans. Interaction lives in ChartOverlay, on top.
//
// Recharts keeps each chart's axes in a store of its own: every changed axis prop is a store update
// that re-runs all of the chart's selectors. So everything passed to it is stable unless its
// meaning changed (tick renderers memoized, one constant data array), and the marker bands and
// lines — once a ReferenceArea/ReferenceLine each, i.e. several more store entries per chart —
// are plain SVG here.
import { memo, useCallback, useId, useMemo } from "react";
import { CartesianGrid, ComposedChart, XAxis, YAxis, type XAxisTickContentProps, type YAxisTickContentProps } from "recharts";
import type { TRange, TZone } from "@/lib/timeline/view-state";
import { annotationsIn, fittedLabel, type TAnnotationMark } from "@/lib/timeline/view/annotations";
import { lineOffset, logDomain, visibleWindow, type TChartData, type TValues } from "@/lib/timeline/view/chart-data";
import { formatTick } from "@/lib/timeline/view/format-time";
import { formatValue } from "@/lib/timeline/view/format-value";
import { isBand, markersIn, type TMarker } from "@/lib/timeline/view/markers";
import { linePath, stackedStepPaths } from "@/lib/timeline/view/paths";
import { timeTicks } from "@/lib/timeline/view/time-ticks";
import { niceLinear, powersOfTen, visibleMax } from "@/lib/timeline/view/y-scale";
import { CHART_MARGIN, PLOT_LEFT, plotHeightOf, plotWidthOf, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from "./layout";
import type { TChrome } from "./palette";

export type TChartSeries = {
  key: string;
  label: string;
  color: string;
  kind: "area" | "line";
  /** Areas with the same stack id are stacked (in series order, bottom up). */
  stack?: string;
  dashed?: boolean;
  hidden?: boolean;
  /** A baseline overlay: the keys whose sum it is compared with in the tooltip. */
  compareTo?: string[];
};

export type TimeChartProps = {
  data: TChartData | undefined;
  series: TChartSeries[];
  domain: TRange;
  tz: TZone;
  width: number;
  height: number;
  unit: string;
  yScale?: "linear" | "log";
  markers: TMarker[];
  annotations: TAnnotationMark[];
  focused: Set<string>;
  chrome: TChrome;
  /** Show the time axis (only the last chart of a panel does). */
  xAxis?: boolean;
};

const EDGE_LABEL_PX = 18;
/**
 * Recharts only needs some data to lay the axes out (both domains are explicit, overflow allowed):
 * one constant row, so a zoom does not replace the chart's data too, and no row objects are ever
 * built from the columns. SeriesLayer reads the columns.
 */
const AXIS_DATA = [{ t: 0 }];
const NO_TIMES: number[] = [];
const NO_VALUES: TValues = [];

export const TimeChart = memo(function TimeChart({ data, series, domain, tz, width, height, unit, yScale = "linear", markers, annotations, focused, chrome, xAxis = true }: TimeChartProps) {
  const t = data?.t ?? NO_TIMES;
  const [lo, hi] = useMemo(() => visibleWindow(t, domain), [t, domain]);
  const shownSeries = useMemo(() => series.filter((s) => !s.hidden), [series]);
  const columns = useMemo(() => new Map<string, TValues>((data?.series ?? []).map((s) => [s.key, s.values])), [data]);
  const offset = useMemo(() => (data ? lineOffset(data) : 0), [data]);
  const yScaleNow = useMemo(() => {
    if (yScale === "log") {
      const d = (data && logDomain(data, shownSeries.map((s) => s.key), lo, hi)) ?? ([1, 10] as [number, number]);
      return { domain: d, ticks: powersOfTen(d) };
    }
    const col = (key: string) => columns.get(key) ?? NO_VALUES;
    return niceLinear(visibleMax(stackGroups(shownSeries).map((keys) => keys.map(col)), shownSeries.filter((s) => !s.stack).map((s) => col(s.key)), lo, hi));
  }, [data, columns, lo, hi, shownSeries, yScale]);
  // The same Y axis as before keeps its identity (a zoom often keeps the scale): Recharts compares
  // the ticks array by reference and would otherwise replace the axis in its store.
  const yKey = JSON.stringify(yScaleNow);
  const y = useMemo(() => JSON.parse(yKey) as typeof yScaleNow, [yKey]);
  const { ticks, step } = useMemo(() => {
    const plotW = plotWidthOf(width);
    const all = timeTicks(domain, Math.max(2, Math.floor(plotW / 96)), tz);
    // A label centred on the right edge would spill out of the panel.
    const edge = domain.to - (EDGE_LABEL_PX / Math.max(plotW, 1)) * (domain.to - domain.from);
    return { step: all.step, ticks: all.ticks.filter((t) => t <= edge) };
  }, [domain, width, tz]);
  const xTick = useCallback(
    (p: XAxisTickContentProps) => <PlainTick {...p} fill={chrome.axis} dy="0.71em" text={formatTick(Number(p.payload.value), step, tz)} />,
    [chrome.axis, step, tz],
  );
  const yTick = useCallback((p: YAxisTickContentProps) => <PlainTick {...p} fill={chrome.axis} dy="0.35em" text={formatValue(Number(p.payload.value), unit)} />, [chrome.axis, unit]);
  const gridLine = useMemo(() => ({ stroke: chrome.grid }), [chrome.grid]);
  const xDomain = useMemo(() => [domain.from, domain.to], [domain]);

  if (width <= 0) return null;
  return (
    <ComposedChart width={width} height={height} data={AXIS_DATA} margin={CHART_MARGIN} accessibilityLayer={false}>
      <CartesianGrid vertical={false} stroke={chrome.grid} />
      <XAxis
        dataKey="t"
        hide={!xAxis}
        type="number"
        domain={xDomain}
        allowDataOverflow
        ticks={ticks}
        interval={0}
        height={X_AXIS_HEIGHT}
        tick={xTick}
        tickLine={gridLine}
        axisLine={gridLine}
      />
      <YAxis
        type="number"
        width={Y_AXIS_WIDTH}
        scale={yScale === "log" ? "log" : "linear"}
        domain={y.domain}
        ticks={y.ticks}
        interval={0}
        allowDataOverflow
        tick={yTick}
        tickLine={false}
        axisLine={false}
      />
      <MarkerLayer markers={markers} chrome={chrome} domain={domain} width={width} height={height} xAxis={xAxis} bands />
      <AnnotationLayer annotations={annotations} focused={focused} chrome={chrome} domain={domain} width={width} height={height} xAxis={xAxis} />
      <SeriesLayer t={t} columns={columns} lo={lo} hi={hi} joinNulls={data?.raw ?? false} series={shownSeries} step={data?.step ?? 1000} offset={offset} log={yScale === "log"} domain={domain} yDomain={y.domain} width={width} height={height} xAxis={xAxis} />
      <AnnotationLabels annotations={annotations} chrome={chrome} domain={domain} width={width} />
      <MarkerLayer markers={markers} chrome={chrome} domain={domain} width={width} height={height} xAxis={xAxis} bands={false} />
    </ComposedChart>
  );
});

type LayerProps = {
  t: readonly number[];
  columns: Map<string, TValues>;
  /** The visible buckets, `[lo, hi)` of `t`. */
  lo: number;
  hi: number;
  /** A raw answer: a null is another series' sample time, not a gap. */
  joinNulls: boolean;
  series: TChartSeries[];
  step: number;
  offset: number;
  log: boolean;
  domain: TRange;
  yDomain: [number, number];
  width: number;
  height: number;
  xAxis: boolean;
};

/**
 * Draws every series as SVG paths, clipped to the plot area. The scales are the axes' own
 * mapping (explicit domains, fixed geometry), computed here so the layer renders once per change
 * instead of again after each of Recharts' internal store updates.
 */
const SeriesLayer = memo(function SeriesLayer({ t, columns, lo, hi, joinNulls, series, step, offset, log, domain, yDomain, width, height, xAxis }: LayerProps) {
  const clipId = useId().replace(/:/g, "");
  const paths = useMemo(() => {
    const left = PLOT_LEFT;
    const plotW = plotWidthOf(width);
    const plotH = plotHeightOf(height, xAxis);
    const bottom = CHART_MARGIN.top + plotH;
    const x = (t: number) => left + ((t - domain.from) / (domain.to - domain.from)) * plotW;
    const [d0, d1] = yDomain;
    const y = log
      ? (v: number) => bottom - ((Math.log10(Math.max(v, d0 / 10)) - Math.log10(d0)) / (Math.log10(d1) - Math.log10(d0))) * plotH
      : (v: number) => bottom - ((v - d0) / (d1 - d0 || 1)) * plotH;
    const byKey = new Map(series.map((s) => [s.key, s]));
    const col = (key: string) => columns.get(key) ?? NO_VALUES;
    const areas = stackGroups(series).flatMap((keys) =>
      stackedStepPaths(t, keys.map((key) => ({ key, values: col(key) })), step, x, y, lo, hi).map((p) => ({ ...p, color: byKey.get(p.key)!.color })),
    );
    const ok = log ? (v: number) => v > 0 : Number.isFinite;
    const lines = series.filter((s) => !s.stack).map((s) => ({ s, d: linePath(t, col(s.key), offset, x, y, { ok, joinNulls, lo, hi }) }));
    const dense = (step / Math.max(domain.to - domain.from, 1)) * plotW < 3;
    return { areas, lines, dense };
  }, [t, columns, lo, hi, joinNulls, series, step, offset, log, domain, yDomain, width, height, xAxis]);

  return (
    <g className="tl-series" clipPath={`url(#${clipId})`}>
      <defs>
        <clipPath id={clipId}>
          <rect x={PLOT_LEFT} y={CHART_MARGIN.top - 1} width={plotWidthOf(width)} height={plotHeightOf(height, xAxis) + 2} />
        </clipPath>
      </defs>
      {paths.areas.map(({ key, area, line, color }) => (
        <g key={key} data-series={key}>
          <path d={area} fill={color} fillOpacity={paths.dense ? 0.6 : 0.4} stroke="none" />
          {/* Edges only where buckets are wide enough to read; at ~1 px per bucket they are noise. */}
          {!paths.dense && <path d={line} fill="none" stroke={color} strokeWidth={1} />}
        </g>
      ))}
      {paths.lines.map(({ s, d }) => (
        <path key={s.key} data-series={s.key} d={d} fill="none" stroke={s.color} strokeWidth={1.4} strokeDasharray={s.dashed ? "4 2" : undefined} strokeLinejoin="round" />
      ))}
    </g>
  );
});

type MarkerLayerProps = { markers: TMarker[]; chrome: TChrome; domain: TRange; width: number; height: number; xAxis: boolean; bands: boolean };

/**
 * Markers in view: rollouts and other spans as tinted bands (behind the series, like Recharts'
 * reference areas were), point events as dashed lines (over the series). Keeps Recharts' class
 * names, so styles and tests that look for reference areas and lines still find them.
 */
const MarkerLayer = memo(function MarkerLayer({ markers, chrome, domain, width, height, xAxis, bands }: MarkerLayerProps) {
  const shown = markersIn(markers, domain).filter((m) => isBand(m) === bands);
  if (!shown.length) return null;
  const plotW = plotWidthOf(width);
  const plotH = plotHeightOf(height, xAxis);
  const top = CHART_MARGIN.top;
  const x = (t: number) => PLOT_LEFT + ((t - domain.from) / (domain.to - domain.from)) * plotW;
  return (
    <g className={bands ? "tl-marker-bands" : "tl-marker-lines"}>
      {shown.map((m) => {
        if (bands) {
          const x0 = x(Math.max(m.ts, domain.from));
          const x1 = x(Math.min(m.endTs!, domain.to));
          return (
            <g key={m.id} className="recharts-reference-area" data-marker-id={m.id}>
              <rect className="recharts-reference-area-rect" x={x0} y={top} width={Math.max(0, x1 - x0)} height={plotH} fill={chrome.band} fillOpacity={0.13} stroke="none" />
            </g>
          );
        }
        const at = x(m.ts);
        return (
          <g key={m.id} className="recharts-reference-line" data-marker-id={m.id}>
            <line className="recharts-reference-line-line" x1={at} y1={top} x2={at} y2={top + plotH} stroke={chrome.marker} strokeDasharray="4 3" strokeWidth={1.2} fill="none" />
          </g>
        );
      })}
    </g>
  );
});

type AnnotationLayerProps = { annotations: TAnnotationMark[]; focused: Set<string>; chrome: TChrome; domain: TRange; width: number; height: number; xAxis: boolean };

/**
 * Each annotation as a span tinted by its stance (points as a 2 px line) with a solid strip on top;
 * focused ones stronger and outlined. Behind the series, like marker bands.
 */
const AnnotationLayer = memo(function AnnotationLayer({ annotations, focused, chrome, domain, width, height, xAxis }: AnnotationLayerProps) {
  const shown = annotationsIn(annotations, domain);
  if (!shown.length) return null;
  const plotW = plotWidthOf(width);
  const plotH = plotHeightOf(height, xAxis);
  const x = (t: number) => PLOT_LEFT + ((Math.min(Math.max(t, domain.from), domain.to) - domain.from) / (domain.to - domain.from)) * plotW;
  return (
    <g className="tl-annotations">
      {shown.map((a) => {
        const x0 = x(a.from);
        const w = Math.max(2, x(a.to) - x0);
        const on = focused.has(a.id);
        const color = chrome.stance[a.stance];
        return (
          <g key={a.id} data-testid="annotation-span" data-annotation-id={a.id} data-stance={a.stance} data-focused={on || undefined}>
            <rect x={x0} y={CHART_MARGIN.top} width={w} height={plotH} fill={color} fillOpacity={on ? 0.18 : 0.05} stroke={on ? color : "none"} strokeWidth={on ? 1.2 : 0} />
            <rect x={x0} y={CHART_MARGIN.top} width={w} height={3} fill={color} fillOpacity={0.85} />
          </g>
        );
      })}
    </g>
  );
});

/** Ranges wide enough show their text on the panel; points and narrow spans keep it for the tooltip. */
const label = (a: TAnnotationMark, w: number) => (a.to > a.from ? fittedLabel(a.text, w) : "");

type AnnotationLabelsProps = { annotations: TAnnotationMark[]; chrome: TChrome; domain: TRange; width: number };

/** The annotations' text, over the series (with a halo of the panel's colour) so it stays readable. */
const AnnotationLabels = memo(function AnnotationLabels({ annotations, chrome, domain, width }: AnnotationLabelsProps) {
  const shown = annotationsIn(annotations, domain);
  if (!shown.length) return null;
  const plotW = plotWidthOf(width);
  const x = (t: number) => PLOT_LEFT + ((Math.min(Math.max(t, domain.from), domain.to) - domain.from) / (domain.to - domain.from)) * plotW;
  return (
    <g className="tl-annotation-labels">
      {shown.map((a) => {
        const x0 = x(a.from);
        const text = label(a, x(a.to) - x0);
        return text ? (
          <text key={a.id} x={x0 + 4} y={CHART_MARGIN.top + 14} fontSize={10.5} fill={chrome.stance[a.stance]} stroke={chrome.panel} strokeWidth={3} paintOrder="stroke" className="tl-annotation-label" data-testid="annotation-label" data-annotation-id={a.id}>
            {text}
          </text>
        ) : null;
      })}
    </g>
  );
});

/** A tick label as a bare <text> (Recharts' own Text measures every label, which adds up). */
function PlainTick({ x, y, textAnchor, fill, dy, text }: { x: number | string; y: number | string; textAnchor: "start" | "middle" | "end" | "inherit"; fill: string | undefined; dy: string; text: string }) {
  return (
    <text x={x} y={y} dy={dy} textAnchor={textAnchor} fill={fill} fontSize={10.5} className="tl-tick">
      {text}
    </text>
  );
}

/** Keys of stacked series, one list per stack id, in series order. */
function stackGroups(series: TChartSeries[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const s of series) if (s.stack) (groups.get(s.stack) ?? groups.set(s.stack, []).get(s.stack)!).push(s.key);
  return [...groups.values()];
}
