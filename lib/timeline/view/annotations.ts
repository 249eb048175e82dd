// Annotations on the time axis: which ones a range shows, which one is under the mouse, which
// are emphasised by the view's focus, and the view a "jump to" opens. Pure.
import type { TAnnotation } from "@/lib/schemas/annotation";
import type { TFocus, TPanel, TRange, TView } from "@/lib/timeline/view-state";
import { panelType } from "@/lib/timeline/view-state";
import { newPanel } from "./panels";

/** The fields the timeline draws. */
export type TAnnotationMark = Pick<TAnnotation, "id" | "from" | "to" | "stance" | "text" | "hypothesisId" | "panel" | "author"> & { panels?: string[] };

/** The annotations a panel draws: those scoped to it, and those of every panel (no scope). */
export function annotationsForPanel<T extends TAnnotationMark>(list: T[], panelId: string): T[] {
  return list.filter((a) => !a.panels?.length || a.panels.includes(panelId));
}

/** A label that fits `px` pixels at ~6.2 px per character, "…" where cut; "" when not even 3 fit. */
export function fittedLabel(text: string, px: number): string {
  const room = Math.floor((px - 8) / 6.2);
  if (room < 3) return "";
  const line = headline(text, 200);
  return line.length <= room ? line : `${line.slice(0, room - 1)}…`;
}

/** Annotations that touch the range, by start. */
export function annotationsIn<T extends TAnnotationMark>(list: T[], r: TRange): T[] {
  return list.filter((a) => a.to >= r.from && a.from <= r.to).sort((a, b) => a.from - b.from);
}

/** Annotations under time t: ranges containing it, points within `tolerance` ms of it. */
export function annotationsAt<T extends TAnnotationMark>(list: T[], t: number, tolerance: number): T[] {
  return list.filter((a) => t >= a.from - tolerance && t <= a.to + tolerance);
}

/** Ids drawn emphasised: the focused annotation, or every annotation of the focused hypothesis. */
export function focusedIds(focus: TFocus | null, list: TAnnotationMark[]): Set<string> {
  if (!focus) return new Set();
  if (focus.kind === "annotation") return new Set([focus.id]);
  return new Set(list.filter((a) => a.hypothesisId === focus.id).map((a) => a.id));
}

/** The first line of the markdown text, without markup, for tooltips and labels. */
export function headline(text: string, max = 90): string {
  const line = text.split("\n").find((l) => l.trim()) ?? "";
  const plain = line.replace(/^[#>\s*-]+/, "").replace(/[*_`~]/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/** A range with room around it: a point or a short range gets ±5 min, a longer one 10 % each side. */
export function paddedRange(from: number, to: number): TRange {
  const pad = to - from < 60_000 ? 5 * 60_000 : Math.round((to - from) * 0.1);
  return { from: from - pad, to: to + pad };
}

/** The panel list with the panel `id` present and expanded (added at the end when missing). */
export function withPanel(panels: TPanel[] | null, id: string | null): TPanel[] | null {
  if (!panels || !id) return panels;
  const type = panelType(id);
  const existing = panels.find((p) => p.id === id);
  if (existing) return existing.collapsed ? panels.map((p) => (p.id === id ? { ...p, collapsed: false } : p)) : panels;
  if (!type) return panels;
  return [...panels, { ...newPanel(type, panels), id }];
}

/** "Jump to": the annotation's range (padded), its panel shown, and the annotation focused. */
export function viewForAnnotation(view: TView, a: Pick<TAnnotationMark, "id" | "from" | "to" | "panel">): TView {
  return { ...view, range: paddedRange(a.from, a.to), panels: withPanel(view.panels, a.panel), focus: { kind: "annotation", id: a.id } };
}

/** Focus on a hypothesis: the span of its annotations when it has any, else the current range. */
export function viewForHypothesis(view: TView, hypothesisId: string, list: TAnnotationMark[]): TView {
  const mine = list.filter((a) => a.hypothesisId === hypothesisId);
  const range = mine.length ? paddedRange(Math.min(...mine.map((a) => a.from)), Math.max(...mine.map((a) => a.to))) : view.range;
  return { ...view, range, focus: { kind: "hypothesis", id: hypothesisId } };
}
