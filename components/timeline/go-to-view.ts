"use client";

import { parseView, serializeView, type TView } from "@/lib/timeline/view-state";

/** Moves the timeline to another view from outside it (findings, hypotheses): one history entry, like a zoom. */
export function goToView(change: (current: TView) => TView) {
  const query = serializeView(change(parseView(window.location.search)), window.location.search);
  window.history.pushState(null, "", `${window.location.pathname}${query ? `?${query}` : ""}`);
}
