// Markers (rollouts, restarts, job start/end, hand-made notes) on the time axis.
import type { TMarker as TMarkerFull } from "@/lib/schemas/marker";
import type { TRange } from "@/lib/timeline/view-state";

/** The fields the timeline uses of a marker as the API returns it. */
export type TMarker = Pick<TMarkerFull, "id" | "ts" | "endTs" | "kind" | "label" | "source">;

export const isBand = (m: TMarker) => m.endTs !== null && m.endTs > m.ts;

/** Markers that touch the range, sorted by start. */
export function markersIn(markers: TMarker[], r: TRange): TMarker[] {
  return markers.filter((m) => (m.endTs ?? m.ts) >= r.from && m.ts <= r.to).sort((a, b) => a.ts - b.ts);
}

/** Markers under time t: bands containing it, points within `tolerance` ms of it. */
export function markersAt(markers: TMarker[], t: number, tolerance: number): TMarker[] {
  return markers.filter((m) => (isBand(m) ? t >= m.ts - tolerance && t <= m.endTs! + tolerance : Math.abs(t - m.ts) <= tolerance));
}

/** `crowded`: no row had room, so the marker shows as a bare tick (its label on hover). */
export type TLanePlace = { row: number; flip: boolean; crowded?: boolean };

/**
 * Places markers in a lane so that labels do not overlap: each goes to the first row whose last
 * label ends before it starts (pixel positions from `x`, labels `charPx` per character). A point
 * marker whose label would run past `limit` is flipped to end at the marker instead.
 */
export function laneRows(markers: TMarker[], x: (t: number) => number, maxRows: number, limit = Infinity, charPx = 6.5): Map<string, TLanePlace> {
  const ends: number[] = [];
  const places = new Map<string, TLanePlace>();
  for (const m of [...markers].sort((a, b) => a.ts - b.ts)) {
    const at = x(m.ts);
    const labelPx = 14 + m.label.length * charPx;
    const flip = !isBand(m) && at + labelPx > limit;
    const start = flip ? at - labelPx : at;
    const end = flip ? at : Math.max(isBand(m) ? x(m.endTs!) : at, at + labelPx);
    let row = ends.findIndex((e) => e + 6 <= start);
    if (row < 0 && ends.length < maxRows) row = ends.length;
    if (row < 0) {
      // Every row is taken here: a tick in the row that frees up first, without a label.
      row = ends.indexOf(Math.min(...ends));
      ends[row] = Math.max(ends[row]!, at + 4);
      places.set(m.id, { row, flip: false, crowded: true });
      continue;
    }
    ends[row] = end;
    places.set(m.id, { row, flip });
  }
  return places;
}
