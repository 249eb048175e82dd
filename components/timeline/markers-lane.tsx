"use client";

// The lane above the panels: every marker in view (rollouts as bands, events as flags), aligned
// with the panels' plot area. Click a marker to look at ±5 minutes around it.
import type { UseQueryResult } from "@tanstack/react-query";
import { Fragment } from "react";
import { useReadOnly } from "@/components/permalinks/read-only";
import { formatInstant, MINUTE } from "@/lib/timeline/view/format-time";
import { isBand, laneRows, markersIn, type TMarker } from "@/lib/timeline/view/markers";
import { timeAtX, xAtTime } from "@/lib/timeline/view/range-math";
import { AddMarker } from "./add-marker";
import { useHover } from "./hover-store";
import { PLOT_LEFT, PLOT_RIGHT, plotWidthOf } from "./layout";
import { useTimeAxis } from "./time-axis";
import { isNotFound } from "./use-incident-data";
import { useElementWidth } from "./use-element-width";

const ROW_PX = 18;
const MAX_ROWS = 3;

type Props = { incidentId: string; query: UseQueryResult<TMarker[], Error> };

export function MarkersLane({ incidentId, query }: Props) {
  const { markers, domain } = useTimeAxis();
  const { readOnly } = useReadOnly();
  const inView = markersIn(markers, domain).length;
  const status = query.isLoading
    ? "loading…"
    : query.error
      ? isNotFound(query.error)
        ? "not available from this server yet"
        : query.error.message
      : !markers.length
        ? "none — upload rollout or event logs, or add one by hand"
        : inView === markers.length
          ? `${inView}`
          : `${inView} of ${markers.length} in view`;

  return (
    <section className="tl-lane" aria-label="Markers" data-testid="markers-lane">
      <div className="tl-lane-head">
        <span className="tl-lane-title">Markers</span>
        <span className="muted">{status}</span>
        {!readOnly && <AddMarker incidentId={incidentId} />}
      </div>
      {markers.length > 0 && <LaneTrack />}
    </section>
  );
}

const TICK_PX = 6;

function LaneTrack() {
  const axis = useTimeAxis();
  const [measure, width] = useElementWidth<HTMLDivElement>();
  const plotW = plotWidthOf(width);
  const { domain } = axis;
  const shown = markersIn(axis.markers, domain);
  const x = (t: number) => Math.min(Math.max(xAtTime(t, plotW, domain), 0), plotW);
  const places = laneRows(shown, x, MAX_ROWS, plotW + PLOT_RIGHT);
  const rowCount = Math.max(1, ...[...places.values()].map((p) => p.row + 1));
  const tickTop = 3 + rowCount * ROW_PX;
  const describe = (m: TMarker) =>
    `${m.label} (${m.kind}) — ${formatInstant(m.ts, axis.tz)}${m.endTs ? ` → ${formatInstant(m.endTs, axis.tz)}` : ""}${m.source ? `\n${m.source}` : ""}\nClick: ±5 min around it`;
  const zoomTo = (m: TMarker) => axis.setRange({ from: m.ts - 5 * MINUTE, to: (m.endTs ?? m.ts) + 5 * MINUTE });

  return (
    <div
      ref={measure}
      className="tl-lane-track"
      style={{ height: tickTop + TICK_PX + 2 }}
      onPointerMove={(e) => {
        const px = e.clientX - e.currentTarget.getBoundingClientRect().left - PLOT_LEFT;
        if (px >= 0 && px <= plotW) axis.hover.set({ t: Math.round(timeAtX(px, plotW, domain)), panelId: "markers" });
      }}
      onPointerLeave={() => axis.hover.set(null)}
    >
      {plotW > 0 &&
        shown.map((m) => {
          const place = places.get(m.id)!;
          const band = isBand(m);
          const edges = `${m.ts < domain.from ? " open-start" : ""}${(m.endTs ?? m.ts) > domain.to ? " open-end" : ""}`;
          // Every marker has a tick in the strip under the labels; one without room for a label is
          // only that tick, still a button with its label as its tooltip.
          const tick = { left: PLOT_LEFT + x(m.ts), top: tickTop, width: band ? Math.max(2, x(m.endTs!) - x(m.ts)) : 2 };
          if (place.crowded) {
            return (
              <button key={m.id} type="button" className={`tl-marker-tick crowded${band ? " band" : ""}`} data-testid="lane-marker" data-crowded="true" aria-label={m.label} style={tick} title={describe(m)} onClick={() => zoomTo(m)} />
            );
          }
          return (
            <Fragment key={m.id}>
              <button
                type="button"
                className={`tl-marker${band ? " band" : ""}${place.flip ? " flip" : ""}${edges}`}
                data-testid="lane-marker"
                style={{ left: PLOT_LEFT + place.left, top: 3 + place.row * ROW_PX, width: place.width }}
                title={describe(m)}
                onClick={() => zoomTo(m)}
              >
                <span className="tl-marker-label">{m.label}</span>
              </button>
              <span className={`tl-marker-tick${band ? " band" : ""}`} style={tick} aria-hidden="true" />
            </Fragment>
          );
        })}
      <LaneCrosshair plotW={plotW} />
    </div>
  );
}

function LaneCrosshair({ plotW }: { plotW: number }) {
  const axis = useTimeAxis();
  const hover = useHover(axis.hover);
  if (!hover || hover.t < axis.domain.from || hover.t > axis.domain.to) return null;
  return <div className="tl-crosshair" style={{ left: PLOT_LEFT + xAtTime(hover.t, plotW, axis.domain) }} />;
}
