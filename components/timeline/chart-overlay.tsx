"use client";

// The interactive layer over one chart's plot area: drag to select a range (zooms every panel,
// or — in annotate mode or with Shift — opens the annotation form; a click annotates a point),
// double-click to zoom out, and the crosshair, hovered bucket and tooltip, all driven by the
// shared hover time so every panel follows the one under the mouse.
import { useEffect, useState, type PointerEvent } from "react";
import type { TChartData } from "@/lib/timeline/view/chart-data";
import { rowAt } from "@/lib/timeline/view/chart-data";
import { annotationsAt, annotationsIn, type TAnnotationMark } from "@/lib/timeline/view/annotations";
import { markersAt } from "@/lib/timeline/view/markers";
import { selectionToRange, timeAtX, xAtTime, ZOOM_STEP } from "@/lib/timeline/view/range-math";
import { ChartTooltip } from "./chart-tooltip";
import { useHover } from "./hover-store";
import { CHART_MARGIN, PLOT_LEFT, plotHeightOf, plotWidthOf } from "./layout";
import type { TChartSeries } from "./time-chart";
import { useTimeAxis } from "./time-axis";

type Props = {
  chartId: string;
  panelId: string;
  data: TChartData | undefined;
  series: TChartSeries[];
  /** This panel's annotations (those scoped to it and those on every panel). */
  annotations: TAnnotationMark[];
  unit: string;
  width: number;
  height: number;
  xAxis?: boolean;
};

type TEdgeDrag = { id: string; from: number; to: number; edge: "from" | "to"; t: number };

const MARKER_HIT_PX = 5;

export function ChartOverlay({ chartId, panelId, data, series, annotations, unit, width, height, xAxis = true }: Props) {
  const axis = useTimeAxis();
  const hover = useHover(axis.hover);
  const [drag, setDrag] = useState<{ x0: number; x1: number; annotate: boolean } | null>(null);
  const [edge, setEdge] = useState<TEdgeDrag | null>(null);
  const { annotate, annotating, resize } = axis.layer;
  const plotW = plotWidthOf(width);
  const plotH = plotHeightOf(height, xAxis);
  const { domain } = axis;

  useEffect(() => {
    if (!drag) return;
    const cancel = (e: KeyboardEvent) => e.key === "Escape" && setDrag(null);
    window.addEventListener("keydown", cancel);
    return () => window.removeEventListener("keydown", cancel);
  }, [drag]);

  const xOf = (e: PointerEvent<HTMLDivElement>) => e.clientX - e.currentTarget.getBoundingClientRect().left;

  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ x0: xOf(e), x1: xOf(e), annotate: annotate !== null && (annotating || e.shiftKey) });
  }
  function onPointerMove(e: PointerEvent<HTMLDivElement>) {
    const x = xOf(e);
    axis.hover.set({ t: Math.round(timeAtX(x, plotW, domain)), panelId: chartId });
    if (drag) setDrag({ ...drag, x1: x });
  }
  function onPointerUp(e: PointerEvent<HTMLDivElement>) {
    if (!drag) return;
    const range = selectionToRange(drag.x0, xOf(e), plotW, domain);
    setDrag(null);
    if (drag.annotate && annotate) {
      const t = Math.round(timeAtX(drag.x0, plotW, domain));
      annotate(range ?? { from: t, to: t }, panelId);
    } else if (range) axis.zoomTo(range);
  }

  const hoverT = hover?.t ?? null;
  const inside = hoverT !== null && hoverT >= domain.from && hoverT <= domain.to;
  const row = inside && data ? rowAt(data, hoverT) : null;
  const tolerance = (MARKER_HIT_PX / Math.max(plotW, 1)) * (domain.to - domain.from);
  const markers = inside ? markersAt(axis.markers, hoverT, tolerance) : [];
  const notes = inside ? annotationsAt(annotations, hoverT, tolerance) : [];
  // An annotation's edges can be dragged to change its range (not the unsaved draft's), by the
  // strip at the top of the span only: a drag anywhere else still zooms, whatever lies under it.
  const edges = resize ? annotationsIn(annotations, domain).filter((a) => a.id !== "draft") : [];
  const overlayX = (e: PointerEvent<HTMLDivElement>) => e.clientX - e.currentTarget.parentElement!.getBoundingClientRect().left;
  const startEdge = (a: TAnnotationMark, which: "from" | "to") => (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    setEdge({ id: a.id, from: a.from, to: a.to, edge: which, t: which === "from" ? a.from : a.to });
  };
  const moveEdge = (e: PointerEvent<HTMLDivElement>) => edge && setEdge({ ...edge, t: Math.round(timeAtX(overlayX(e), plotW, domain)) });
  const edgeRange = edge ? (edge.edge === "from" ? { from: Math.min(edge.t, edge.to), to: Math.max(edge.t, edge.to) } : { from: Math.min(edge.from, edge.t), to: Math.max(edge.from, edge.t) }) : null;
  const endEdge = (e: PointerEvent<HTMLDivElement>) => {
    e.stopPropagation();
    if (edge && edgeRange && (edgeRange.from !== edge.from || edgeRange.to !== edge.to)) resize?.(edge.id, edgeRange);
    setEdge(null);
  };
  const hx = inside ? xAtTime(hoverT, plotW, domain) : null;
  const bucketX = row && data ? Math.max(0, xAtTime(row.t, plotW, domain)) : null;
  const bucketW = row && data ? Math.min(plotW, xAtTime(row.t + data.step, plotW, domain)) - bucketX! : 0;

  return (
    <div
      className={annotating ? "tl-overlay annotating" : "tl-overlay"}
      data-testid="chart-overlay"
      style={{ left: PLOT_LEFT, top: CHART_MARGIN.top, width: plotW, height: plotH }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => setDrag(null)}
      onPointerLeave={() => !drag && axis.hover.set(null)}
      onDoubleClick={(e) => axis.zoomBy(ZOOM_STEP, timeAtX(e.clientX - e.currentTarget.getBoundingClientRect().left, plotW, domain))}
    >
      {bucketX !== null && bucketW > 2 && <div className="tl-bucket" style={{ left: bucketX, width: bucketW }} />}
      {hx !== null && <div className="tl-crosshair" data-testid="crosshair" style={{ left: hx }} />}
      {drag && Math.abs(drag.x1 - drag.x0) > 1 && (
        <div className={drag.annotate ? "tl-selection annotate" : "tl-selection"} data-testid="selection" style={{ left: Math.min(drag.x0, drag.x1), width: Math.abs(drag.x1 - drag.x0) }} />
      )}
      {edges.map((a) =>
        (["from", "to"] as const).map((which) => (
          <div
            key={`${a.id}:${which}`}
            className="tl-annotation-edge"
            data-testid="annotation-edge"
            data-annotation-id={a.id}
            data-edge={which}
            role="separator"
            aria-label={`Drag to move the ${which === "from" ? "start" : "end"} of the annotation`}
            title="Drag to change the annotation's range"
            style={{ left: Math.max(0, Math.min(plotW, xAtTime(a[which], plotW, domain))) - 3.5 }}
            onPointerDown={startEdge(a, which)}
            onPointerMove={moveEdge}
            onPointerUp={endEdge}
            onPointerCancel={() => setEdge(null)}
          />
        )),
      )}
      {edgeRange && (
        <div className="tl-selection annotate" data-testid="annotation-resize" style={{ left: xAtTime(edgeRange.from, plotW, domain), width: Math.max(2, xAtTime(edgeRange.to, plotW, domain) - xAtTime(edgeRange.from, plotW, domain)) }} />
      )}
      {hx !== null && !drag && !edge && (
        <ChartTooltip x={hx} plotWidth={plotW} t={hoverT!} row={row} step={data?.step ?? null} series={series} unit={unit} markers={markers} annotations={notes} tz={axis.tz} active={hover?.panelId === chartId} sources={data?.sources} />
      )}
    </div>
  );
}
