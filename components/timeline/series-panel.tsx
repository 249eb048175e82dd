"use client";

// A panel of one or more charts fed by one series query: measures its plot width (→ maxPoints),
// fetches, and renders loading / error / empty states, the legend, the charts and exports.
import { useMemo, useRef, useState, type ReactNode } from "react";
import type { TSeriesSpec } from "@/lib/schemas/series";
import type { TPanel } from "@/lib/timeline/view-state";
import { annotationsForPanel } from "@/lib/timeline/view/annotations";
import { baselineKey, baselineTotalKey, withBaseline } from "@/lib/timeline/view/baseline";
import { isEmptyData, toCsv } from "@/lib/timeline/view/chart-data";
import { formatDuration } from "@/lib/timeline/view/format-time";
import { toggleHidden } from "@/lib/timeline/view/panels";
import { MAX_POINTS_CAP } from "@/lib/timeline/view/series-query";
import { ChartOverlay } from "./chart-overlay";
import { downloadText, exportPng } from "./export";
import { isNotFound } from "./use-incident-data";
import { plotWidthOf } from "./layout";
import { Legend } from "./legend";
import { CHROME, type TScheme } from "./palette";
import { PanelShell, PanelState, type TPanelActions } from "./panel-shell";
import { TimeChart, type TChartSeries } from "./time-chart";
import { useTimeAxis } from "./time-axis";
import { useColorScheme } from "./use-color-scheme";
import { useElementWidth } from "./use-element-width";
import { useSeries } from "./use-series";

export type TChartSpec = {
  id: string;
  /** Which of the response's series this chart draws. */
  keys: (key: string) => boolean;
  height: number;
  yScale?: "linear" | "log";
  style: (key: string, index: number, scheme: TScheme) => Pick<TChartSeries, "color" | "kind" | "stack" | "dashed">;
  /** A shorter legend/tooltip label than the API's (e.g. without the metric name the title shows). */
  label?: (label: string) => string;
};

type Props = {
  incidentId: string;
  panel: TPanel;
  actions: TPanelActions;
  title: string;
  /** What one value counts, for the subtitle ("flows per 10s") and the no-data note. */
  noun: string;
  controls?: ReactNode;
  below?: ReactNode;
  /** What to fetch; the panel's time axis and width supply the range and resolution. */
  spec: TSeriesSpec;
  /** When set, there is nothing to fetch: this says why and what to upload. */
  missing: { title: string; body: ReactNode } | null;
  charts: TChartSpec[];
};

const stamp = (t: number) => new Date(t).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");

export function SeriesPanel({ incidentId, panel, actions, title, noun, controls, below, spec, missing, charts }: Props) {
  const axis = useTimeAxis();
  const scheme = useColorScheme();
  const chrome = CHROME[scheme];
  const [measure, width] = useElementWidth<HTMLDivElement>();
  const rootRef = useRef<HTMLElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const plotW = plotWidthOf(width);
  const enabled = !missing && !panel.collapsed && plotW > 0;
  const maxPoints = Math.min(plotW, MAX_POINTS_CAP);
  const q = useSeries(incidentId, spec, { from: axis.domain.from, to: axis.domain.to, maxPoints }, enabled);
  // The baseline: the same request over the baseline range, at the same resolution.
  const baseline = axis.baseline;
  const bq = useSeries(incidentId, spec, { from: baseline?.range.from ?? axis.domain.from, to: baseline?.range.to ?? axis.domain.to, maxPoints }, enabled && baseline !== null);
  const own = q.data;

  // Stable series lists, so a fetch flag flipping does not redraw the charts (TimeChart is memoized).
  const infos = own?.series;
  const hidden = panel.hidden;
  const perChart = useMemo(
    () =>
      charts.map((spec) => {
        const mine = (infos ?? []).filter((s) => spec.keys(s.key));
        const series: TChartSeries[] = mine.map((info, i) => ({ key: info.key, label: spec.label?.(info.label) ?? info.label, hidden: hidden.includes(info.key), ...spec.style(info.key, i, scheme) }));
        return { spec, series, unit: mine[0]?.unit ?? "" };
      }),
    [charts, infos, hidden, scheme],
  );
  // Stacked charts compare their total with the baseline's, line charts each series.
  const baseData = bq.data;
  const { data, overlays } = useMemo(() => {
    if (!own || !baseData || !baseline) return { data: own, overlays: new Map<string, TChartSeries[]>() };
    let merged = own;
    const overlays = new Map<string, TChartSeries[]>();
    for (const { spec: chart, series } of perChart) {
      const stacked = series.filter((s) => s.stack);
      const lines = series.filter((s) => !s.stack);
      // Dashed: a line's baseline in its own colour, a stack's total in the axis grey.
      const muted = (key: string, label: string, color: string, compareTo: string[], hide: boolean): TChartSeries => ({ key, label, color, kind: "line", dashed: true, hidden: hide, compareTo });
      const added: TChartSeries[] = [];
      if (stacked.length) {
        const key = baselineTotalKey(chart.id);
        const shown = stacked.filter((s) => !s.hidden).map((s) => s.key);
        const label = `Total ${stacked[0]!.stack}, ${baseline.label}`;
        merged = withBaseline(merged, baseData, baseline.offset, shown, key, label);
        added.push(muted(key, label, CHROME[scheme].axis, shown, hidden.includes(key)));
      }
      if (lines.length) {
        merged = withBaseline(merged, baseData, baseline.offset, lines.map((s) => s.key), null, baseline.label);
        for (const s of lines) added.push(muted(baselineKey(s.key), `${s.label}, ${baseline.label}`, s.color, [s.key], s.hidden || hidden.includes(baselineKey(s.key))));
      }
      overlays.set(chart.id, added);
    }
    return { data: merged, overlays };
  }, [own, baseData, baseline, perChart, scheme, hidden]);
  const notes = useMemo(() => annotationsForPanel(axis.layer.annotations, panel.id), [axis.layer.annotations, panel.id]);
  const drawn = useMemo(() => perChart.map((c) => ({ ...c, series: [...c.series, ...(overlays.get(c.spec.id) ?? [])] })), [perChart, overlays]);
  const all = drawn.flatMap((c) => c.series);
  const visibleKeys = all.filter((s) => !s.hidden).map((s) => s.key);
  const subtitle = data ? `${noun} per ${formatDuration(data.step)}` : undefined;
  const totalHeight = charts.reduce((sum, c) => sum + c.height, 0);
  const fileName = (ext: string) => `${panel.id}-${stamp(axis.domain.from)}-${stamp(axis.domain.to)}.${ext}`;

  const onCsv = data ? () => downloadText(fileName("csv"), toCsv(data, visibleKeys)) : undefined;
  const onPng =
    data
      ? () => {
          setExportError(null);
          const root = rootRef.current?.querySelector<HTMLElement>(".tl-charts");
          const legend = all.filter((s) => !s.hidden).map((s) => ({ label: s.label, color: s.color }));
          if (root) exportPng(root, { title, subtitle: subtitle ?? "", legend }, chrome, fileName("png")).catch((e: Error) => setExportError(e.message));
        }
      : undefined;

  let body: ReactNode;
  if (missing) {
    body = <PanelState kind="empty" title={missing.title}>{missing.body}</PanelState>;
  } else if (q.error) {
    body = isNotFound(q.error) ? (
      <PanelState kind="error" title="Not available yet" height={totalHeight}>
        <span>This server does not provide {spec.kind} series yet (404). The panel will fill in once it does.</span>
      </PanelState>
    ) : (
      <PanelState kind="error" title={`Could not load ${noun}`} height={totalHeight}>
        <span>{q.error.message}</span>
        <button type="button" onClick={() => void q.refetch()}>Retry</button>
      </PanelState>
    );
  } else if (!data) {
    body = <PanelState kind="loading" title="Loading…" height={totalHeight} />;
  } else {
    body = (
      <>
        <Legend series={all} onToggle={(key, solo) => actions.change({ ...panel, hidden: toggleHidden(panel.hidden, key, all.map((s) => s.key), solo) })} />
        {drawn.map(({ spec, series, unit }, i) => (
          <div key={spec.id} className="tl-chart" style={{ height: spec.height }} data-testid="chart">
            <TimeChart data={data} series={series} domain={axis.domain} tz={axis.tz} width={width} height={spec.height} unit={unit} yScale={spec.yScale} markers={axis.markers} annotations={notes} focused={axis.layer.focused} chrome={chrome} xAxis={i === drawn.length - 1} />
            <ChartOverlay chartId={`${panel.id}:${spec.id}`} panelId={panel.id} data={data} series={series} annotations={notes} unit={unit} width={width} height={spec.height} xAxis={i === drawn.length - 1} />
            {series.length > 0 && series.every((s) => s.hidden) ? (
              <div className="tl-nodata">All series hidden — click the legend to show them</div>
            ) : (
              isEmptyData(data, series.filter((s) => !s.hidden).map((s) => s.key)) && <div className="tl-nodata">No {noun} in this range</div>
            )}
          </div>
        ))}
      </>
    );
  }

  return (
    <PanelShell panel={panel} title={title} subtitle={subtitle} controls={missing ? null : controls} below={missing ? null : below} actions={actions} fetching={q.isFetching || bq.isFetching} onCsv={onCsv} onPng={onPng} rootRef={rootRef}>
      {exportError && <div className="error-text">{exportError}</div>}
      {missing ? body : <div ref={measure} className="tl-charts" data-domain-from={axis.domain.from} data-domain-to={axis.domain.to}>{body}</div>}
    </PanelShell>
  );
}
