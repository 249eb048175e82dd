"use client";

// The panels the workspace draws right now, for controls outside it (the top talkers) that change
// them while the URL still says "automatic layout". Read at click time, so no re-render is needed.
import type { TPanel } from "@/lib/timeline/view-state";

let current: TPanel[] = [];

export const setCurrentPanels = (panels: TPanel[]) => void (current = panels);
export const currentPanels = () => current;
