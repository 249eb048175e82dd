"use client";

// The view lives in the URL. Reads go through useSearchParams; writes use the History API, which
// Next.js syncs with useSearchParams without a server round trip, so each change is one history
// entry and back/forward restore it.
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseView, serializeView, type TView } from "@/lib/timeline/view-state";
import type { THistoryMode } from "./time-axis";

export function useViewUrl() {
  const search = useSearchParams().toString();
  const view = useMemo(() => parseView(search), [search]);

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
