"use client";

// The view lives in the URL. Reads go through useSearchParams; writes use the History API, which
// Next.js syncs with useSearchParams without a server round trip, so each change is one history
// entry and back/forward restore it.
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { DEFAULT_VIEW, parseView, serializeView, type TView } from "@/lib/timeline/view-state";
import type { THistoryMode } from "./time-axis";

export function useViewUrl() {
  const search = useSearchParams().toString();
  const parsed = useMemo(() => parseView(search), [search]);
  // Each part keeps its identity while its own parameters stay the same (a zoom changes only the
  // range), so what depends on the panels or the focus is not recomputed and redrawn on every zoom.
  const panelsKey = parsed.panels ? serializeView({ ...DEFAULT_VIEW, panels: parsed.panels }) : null;
  const panels = useMemo(() => (panelsKey === null ? null : parseView(panelsKey).panels), [panelsKey]);
  const focusKey = parsed.focus ? serializeView({ ...DEFAULT_VIEW, focus: parsed.focus }) : null;
  const focus = useMemo(() => (focusKey === null ? null : parseView(focusKey).focus), [focusKey]);
  const from = parsed.range?.from ?? null;
  const to = parsed.range?.to ?? null;
  const range = useMemo(() => (from !== null && to !== null ? { from, to } : null), [from, to]);
  const baselineKey = parsed.baseline ? serializeView({ ...DEFAULT_VIEW, baseline: parsed.baseline }) : null;
  const baseline = useMemo(() => (baselineKey === null ? null : parseView(baselineKey).baseline), [baselineKey]);
  const view = useMemo<TView>(() => ({ range, tz: parsed.tz, panels, focus, baseline }), [range, parsed.tz, panels, focus, baseline]);

  /** Applies `change` to the view currently in the address bar (never a stale render's copy). */
  const update = useCallback((change: (v: TView) => TView, mode: THistoryMode = "push") => {
    const current = parseView(window.location.search);
    const next = change(current);
    if (serializeView(next) === serializeView(current)) return;
    const query = serializeView(next, window.location.search);
    const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
    if (mode === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }, []);

  return { view, update };
}
