"use client";

// The lane above the panels: every marker in view (rollouts as bands, events as flags), aligned
// with the panels' plot area. Click a marker to look at ±5 minutes around it.
import type { UseQueryResult } from "@tanstack/react-query";
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

function LaneTrack() {
  const axis = useTimeAxis();
  const [measure, width] = useElementWidth<HTMLDivElement>();
  const plotW = plotWidthOf(width);
  const { domain } = axis;
  const shown = markersIn(axis.markers, domain);
  const x = (t: number) => Math.min(Math.max(xAtTime(t, plotW, domain), 0), plotW);
  const places = laneRows(shown, x, MAX_ROWS, plotW + PLOT_RIGHT);
  const rowCount = Math.max(1, ...[...places.values()].map((p) => p.row + 1));

  return (
    <div
      ref={measure}
      className="tl-lane-track"
      style={{ height: rowCount * ROW_PX + 6 }}
      onPointerMove={(e) => {
        const px = e.clientX - e.currentTarget.getBoundingClientRect().left - PLOT_LEFT;
        if (px >= 0 && px <= plotW) axis.hover.set({ t: Math.round(timeAtX(px, plotW, domain)), panelId: "markers" });
      }}
      onPointerLeave={() => axis.hover.set(null)}
    >
      {plotW > 0 &&
        shown.map((m) => {
          const left = x(m.ts);
          const band = isBand(m);
          const place = places.get(m.id) ?? { row: 0, flip: false };
          const top = 3 + place.row * ROW_PX;
          // Labels stay inside the lane: flipped ones end at their marker, the rest stop at the edge.
          const style = place.crowded
            ? { left: PLOT_LEFT + left, top, width: band ? Math.max(4, x(m.endTs!) - left) : 4 }
            : place.flip
            ? { right: width - PLOT_LEFT - left, top }
            : { left: PLOT_LEFT + left, top, minWidth: band ? Math.max(2, x(m.endTs!) - left) : undefined, maxWidth: Math.max(band ? x(m.endTs!) - left : 0, Math.min(240, plotW + PLOT_RIGHT - left)) };
          return (
            <button
              key={m.id}
              type="button"
              className={`tl-marker${band ? " band" : ""}${place.flip ? " flip" : ""}${m.ts < domain.from ? " open-start" : ""}${(m.endTs ?? m.ts) > domain.to ? " open-end" : ""}${place.crowded ? " crowded" : ""}`}
              data-testid="lane-marker"
              style={style}
              title={`${m.label} (${m.kind}) — ${formatInstant(m.ts, axis.tz)}${m.endTs ? ` → ${formatInstant(m.endTs, axis.tz)}` : ""}${m.source ? `\n${m.source}` : ""}\nClick: ±5 min around it`}
              onClick={() => axis.setRange({ from: m.ts - 5 * MINUTE, to: (m.endTs ?? m.ts) + 5 * MINUTE })}
            >
              <span className="tl-marker-label">{m.label}</span>
            </button>
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
