"use client";

// The shared time axis: the domain every panel draws, the hovered time, and the zoom/pan actions
// (each one a browser history entry).
import { createContext, useContext } from "react";
import type { TRange, TZone } from "@/lib/timeline/view-state";
import type { TAnnotationMark } from "@/lib/timeline/view/annotations";
import type { TBaselineView } from "@/lib/timeline/view/baseline";
import type { TMarker } from "@/lib/timeline/view/markers";
import type { HoverStore } from "./hover-store";

export type THistoryMode = "push" | "replace";

/** Annotations drawn on every panel, and whether a selection makes a new one. */
export type TAnnotationLayer = {
  annotations: TAnnotationMark[];
  /** Drawn emphasised (the focused annotation, or those of the focused hypothesis). */
  focused: Set<string>;
  /** Annotate mode: a drag (or click) on a panel annotates instead of zooming. */
  annotating: boolean;
  /** Opens the annotation form for a range selected on a panel; null when read-only. */
  annotate: ((range: TRange, panelId: string) => void) | null;
  /** Gives an annotation a new range (its edges dragged); null when read-only. */
  resize: ((id: string, range: TRange) => void) | null;
};

export type TTimeAxis = {
  domain: TRange;
  tz: TZone;
  /** Where the evidence is; zoom and pan stay near it. */
  bounds: TRange | null;
  markers: TMarker[];
  layer: TAnnotationLayer;
  /** What the panels draw beside the domain as a muted overlay; null for none. */
  baseline: TBaselineView | null;
  hover: HoverStore;
  /** Zoom to a range (kept near the evidence: see clampRange). */
  zoomTo: (range: TRange, mode?: THistoryMode) => void;
  /** Show exactly this range (typed or picked by a person). */
  setRange: (range: TRange, mode?: THistoryMode) => void;
  zoomBy: (factor: number, center?: number, mode?: THistoryMode) => void;
  panBy: (fraction: number, mode?: THistoryMode) => void;
  reset: () => void;
};

export const TimeAxisContext = createContext<TTimeAxis | null>(null);

export function useTimeAxis(): TTimeAxis {
  const axis = useContext(TimeAxisContext);
  if (!axis) throw new Error("useTimeAxis outside the timeline workspace");
  return axis;
}
