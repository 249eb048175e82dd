"use client";

// The shared time axis: the domain every panel draws, the hovered time, and the zoom/pan actions
// (each one a browser history entry).
import { createContext, useContext } from "react";
import type { TRange, TZone } from "@/lib/timeline/view-state";
import type { TMarker } from "@/lib/timeline/view/markers";
import type { HoverStore } from "./hover-store";

export type THistoryMode = "push" | "replace";

export type TTimeAxis = {
  domain: TRange;
  tz: TZone;
  /** Where the evidence is; zoom and pan stay near it. */
  bounds: TRange | null;
  markers: TMarker[];
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
