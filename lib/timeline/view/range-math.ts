// Zoom and pan arithmetic on time ranges, and the pixel ↔ time mapping of a plot. Pure.
import type { TRange } from "@/lib/timeline/view-state";

/** Evidence is rolled up per second; below ~10 buckets a chart stops saying anything. */
export const MIN_SPAN_MS = 10_000;
export const ZOOM_STEP = 2;
export const PAN_STEP = 0.25;

/** Evidence has one-second resolution; whole seconds also keep URLs short. */
const toSecond = (t: number) => Math.round(t / 1000) * 1000;

export const spanOf = (r: TRange) => r.to - r.from;
export const centerOf = (r: TRange) => (r.from + r.to) / 2;

/** Scales the range around `center` (default: its middle); factor < 1 zooms in. */
export function zoomRange(r: TRange, factor: number, center: number = centerOf(r)): TRange {
  const f = Number.isFinite(factor) && factor > 0 ? factor : 1;
  const c = Math.min(Math.max(center, r.from), r.to);
  return { from: toSecond(c - (c - r.from) * f), to: toSecond(c + (r.to - c) * f) };
}

/** Moves the range by a fraction of its span (negative = earlier). */
export function panRange(r: TRange, fraction: number): TRange {
  const d = Math.round(spanOf(r) * fraction);
  return { from: r.from + d, to: r.to + d };
}

/**
 * Keeps a range sensible: at least `minSpan` wide, and — when the evidence bounds are known —
 * inside the bounds widened by their own span on each side (so one can zoom out to 3x the
 * evidence, but never pan off into empty years).
 */
export function clampRange(r: TRange, bounds: TRange | null, minSpan = MIN_SPAN_MS): TRange {
  let from = Math.min(r.from, r.to);
  let to = Math.max(r.from, r.to);
  if (to - from < minSpan) {
    from = Math.round((from + to) / 2 - minSpan / 2);
    to = from + minSpan;
  }
  if (!bounds) return { from, to };
  const pad = Math.max(spanOf(bounds), minSpan);
  const outer = { from: bounds.from - pad, to: bounds.to + pad };
  const span = to - from;
  if (span >= spanOf(outer)) return outer;
  if (from < outer.from) return { from: outer.from, to: outer.from + span };
  if (to > outer.to) return { from: outer.to - span, to: outer.to };
  return { from, to };
}

export const timeAtX = (x: number, width: number, r: TRange) => r.from + (Math.min(Math.max(x, 0), width) / Math.max(width, 1)) * spanOf(r);
export const xAtTime = (t: number, width: number, r: TRange) => ((t - r.from) / Math.max(spanOf(r), 1)) * width;

/** The range a drag from x1 to x2 selects, or null for a click (under `minPx` pixels). */
export function selectionToRange(x1: number, x2: number, width: number, r: TRange, minPx = 4): TRange | null {
  if (Math.abs(x2 - x1) < minPx) return null;
  const a = timeAtX(Math.min(x1, x2), width, r);
  const b = timeAtX(Math.max(x1, x2), width, r);
  return { from: toSecond(a), to: toSecond(b) };
}

export const sameRange = (a: TRange | null, b: TRange | null) => a === b || (!!a && !!b && a.from === b.from && a.to === b.to);
