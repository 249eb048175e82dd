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

/**
 * Where a marker's label goes: `row`, and the box `[left, left + width)` in plot pixels, so that
 * no two boxes of one row overlap. `crowded`: no row had room for even a short label, so only its
 * tick shows (the label on hover).
 */
export type TLanePlace = { row: number; left: number; width: number; flip: boolean; crowded?: boolean };

/** Below this a label is not worth drawing (its tick and tooltip still are). */
const MIN_LABEL_PX = 36;
const GAP_PX = 4;
const MAX_LABEL_PX = 240;

/**
 * Lays out labels in at most `maxRows` rows without overlap. Each marker goes to the first row
 * where its whole label fits; failing that, to the row where shortening the label before it
 * leaves the most room (down to MIN_LABEL_PX, with an ellipsis); failing that it is crowded. A
 * point label that would run past `limit` is flipped to end at its marker. Bands always cover
 * their whole span, label or not.
 */
export function laneRows(markers: TMarker[], x: (t: number) => number, maxRows: number, limit = Infinity, charPx = 6.5): Map<string, TLanePlace> {
  type Last = { id: string; left: number; end: number; band: boolean };
  const rows: Last[] = [];
  const places = new Map<string, TLanePlace>();
  for (const m of [...markers].sort((a, b) => a.ts - b.ts || a.id.localeCompare(b.id))) {
    const at = x(m.ts);
    const band = isBand(m);
    const spanEnd = band ? x(m.endTs!) : at;
    const natural = Math.min(MAX_LABEL_PX, 14 + m.label.length * charPx);
    const flip = !band && at + natural > limit;
    const left = flip ? at - natural : at;
    const width = band ? Math.max(spanEnd - at, natural) : natural;
    const place = (row: number, w: number) => {
      rows[row] = { id: m.id, left, end: left + w, band };
      places.set(m.id, { row, left, width: w, flip });
    };
    const free = rows.findIndex((r) => r.end + GAP_PX <= left);
    if (free >= 0) place(free, width);
    else if (rows.length < maxRows) place(rows.length, width);
    else {
      // Shorten the previous label of the row that leaves the most room, if it is a point's.
      let best = -1;
      let room = -Infinity;
      rows.forEach((r, i) => {
        const r2 = left - GAP_PX - r.left;
        if (!r.band && r2 >= MIN_LABEL_PX && r2 > room) {
          best = i;
          room = r2;
        }
      });
      if (best >= 0 && !flip) {
        const prev = rows[best]!;
        places.set(prev.id, { ...places.get(prev.id)!, width: left - GAP_PX - prev.left });
        place(best, width);
      } else places.set(m.id, { row: -1, left: at, width: band ? Math.max(2, spanEnd - at) : 0, flip: false, crowded: true });
    }
  }
  return places;
}
