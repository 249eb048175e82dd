// Range presets relative to the incident: its evidence, its window, its first/last minutes and
// the minutes around each marker.
import type { TRange } from "@/lib/timeline/view-state";
import { formatDuration, MINUTE, HOUR } from "./format-time";
import type { TMarker } from "./markers";

export type TPreset = { id: string; label: string; range: TRange };

const AROUND_MARKER = 5 * MINUTE;
const MAX_MARKER_PRESETS = 30;

export function rangePresets(input: { evidence: TRange | null; window: TRange | null; markers: TMarker[] }): TPreset[] {
  const out: TPreset[] = [];
  const { evidence, window } = input;
  if (evidence) {
    out.push({ id: "all", label: "Whole evidence range", range: evidence });
    const span = evidence.to - evidence.from;
    for (const size of [15 * MINUTE, HOUR]) {
      if (span <= size) continue;
      out.push({ id: `first-${size}`, label: `First ${formatDuration(size)}`, range: { from: evidence.from, to: evidence.from + size } });
      out.push({ id: `last-${size}`, label: `Last ${formatDuration(size)}`, range: { from: evidence.to - size, to: evidence.to } });
    }
  }
  if (window && window.to > window.from) out.push({ id: "window", label: "Incident window", range: window });
  for (const m of [...input.markers].sort((a, b) => a.ts - b.ts).slice(0, MAX_MARKER_PRESETS)) {
    const end = m.endTs ?? m.ts;
    out.push({ id: `marker-${m.id}`, label: `±5m around ${m.label}`, range: { from: m.ts - AROUND_MARKER, to: end + AROUND_MARKER } });
  }
  return out;
}
