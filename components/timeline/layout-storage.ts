"use client";

// The panel layout per incident in localStorage (stored in the URL codec's own form). The URL wins
// whenever it names panels; the saved layout only fills in when it does not.
import { DEFAULT_VIEW, parseView, serializeView, type TPanel } from "@/lib/timeline/view-state";

const key = (incidentId: string) => `hindsight:timeline-layout:${incidentId}`;

export function loadLayout(incidentId: string): TPanel[] | null {
  try {
    const raw = window.localStorage.getItem(key(incidentId));
    return raw === null ? null : parseView(raw).panels;
  } catch {
    return null; // storage disabled or full: the layout simply is not remembered
  }
}

export function saveLayout(incidentId: string, panels: TPanel[]) {
  try {
    window.localStorage.setItem(key(incidentId), serializeView({ ...DEFAULT_VIEW, panels }));
  } catch {
    // as above
  }
}
