"use client";

// Builds the shared time axis from the view in the URL: the domain (the URL's range, else the
// evidence range), and zoom/pan actions that write the URL (one history entry each).
import { useCallback, useMemo, useState } from "react";
import type { TRange, TView } from "@/lib/timeline/view-state";
import { baselineView } from "@/lib/timeline/view/baseline";
import type { TMarker } from "@/lib/timeline/view/markers";
import { clampRange, panRange, zoomRange } from "@/lib/timeline/view/range-math";
import { createHoverStore } from "./hover-store";
import type { TAnnotationLayer, THistoryMode, TTimeAxis } from "./time-axis";

type Update = (change: (v: TView) => TView, mode?: THistoryMode) => void;

export function useTimeAxisState(view: TView, update: Update, bounds: TRange | null, markers: TMarker[], layer: TAnnotationLayer): TTimeAxis {
  const [hover] = useState(createHoverStore);
  const [fallback] = useState(() => {
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    return { from: now - 3_600_000, to: now };
  });
  const base = bounds ?? fallback;
  const from = view.range?.from ?? base.from;
  const to = view.range?.to ?? base.to;
  const domain = useMemo(() => ({ from, to }), [from, to]);
  const baseline = useMemo(() => baselineView(view.baseline, domain), [view.baseline, domain]);
  const baseFrom = base.from;
  const baseTo = base.to;

  // Each action reads the range from the address bar at call time, so quick repeats compound.
  const setRange = useCallback((r: TRange, mode?: THistoryMode) => update((v) => ({ ...v, range: r }), mode), [update]);
  const zoomTo = useCallback((r: TRange, mode?: THistoryMode) => update((v) => ({ ...v, range: clampRange(r, bounds) }), mode), [update, bounds]);
  const zoomBy = useCallback(
    (factor: number, center?: number, mode?: THistoryMode) =>
      update((v) => ({ ...v, range: clampRange(zoomRange(v.range ?? { from: baseFrom, to: baseTo }, factor, center), bounds) }), mode),
    [update, bounds, baseFrom, baseTo],
  );
  const panBy = useCallback(
    (fraction: number, mode?: THistoryMode) =>
      update((v) => ({ ...v, range: clampRange(panRange(v.range ?? { from: baseFrom, to: baseTo }, fraction), bounds) }), mode),
    [update, bounds, baseFrom, baseTo],
  );
  const reset = useCallback(() => update((v) => ({ ...v, range: null })), [update]);

  return useMemo(
    () => ({ domain, tz: view.tz, bounds, markers, layer, baseline, hover, zoomTo, setRange, zoomBy, panBy, reset }),
    [domain, view.tz, bounds, markers, layer, baseline, hover, zoomTo, setRange, zoomBy, panBy, reset],
  );
}
