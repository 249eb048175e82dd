"use client";

// Keyboard zoom and pan anywhere on the page (except while typing): + / - or W / S zoom around the
// hovered time (else the middle), ← / → or A / D pan a quarter, 0 resets. A held key updates the
// current history entry instead of adding one per repeat.
import { useEffect } from "react";
import { PAN_STEP, ZOOM_STEP } from "@/lib/timeline/view/range-math";
import type { TTimeAxis } from "./time-axis";

export const KEY_HELP: Array<[string, string]> = [
  ["drag", "zoom to the selection"],
  ["Shift+drag / N", "annotate a range (N toggles annotate mode)"],
  ["double-click", "zoom out"],
  ["+ / W", "zoom in (around the cursor)"],
  ["− / S", "zoom out"],
  ["← → / A D", "pan"],
  ["0", "reset to the whole evidence"],
  ["browser back", "previous range"],
];

export function useKeyboardNav(axis: TTimeAxis) {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target instanceof Element && e.target.closest("input, textarea, select, [contenteditable='true'], [role='listbox']")) return;
      const mode = e.repeat ? "replace" : "push";
      const center = axis.hover.get()?.t;
      switch (e.key) {
        case "+":
        case "=":
        case "w":
        case "W":
          axis.zoomBy(1 / ZOOM_STEP, center, mode);
          break;
        case "-":
        case "_":
        case "s":
        case "S":
          axis.zoomBy(ZOOM_STEP, center, mode);
          break;
        case "ArrowLeft":
        case "a":
        case "A":
          axis.panBy(-PAN_STEP, mode);
          break;
        case "ArrowRight":
        case "d":
        case "D":
          axis.panBy(PAN_STEP, mode);
          break;
        case "0":
          axis.reset();
          break;
        default:
          return;
      }
      e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [axis]);
}
