// Wording and evidence helpers shared by the detectors: times in UTC, counts with separators,
// the view range around a finding and the markers that line up with it.
import { formatCount, formatDateTime } from "@/lib/format";
import type { TFindingEvidence } from "@/lib/schemas/finding";
import type { DetectorContext } from "./types";

export const n = (v: number) => formatCount(Math.round(v));
export const pct = (v: number) => `${Math.round(v * 100)} %`;
export const utc = (ms: number) => `${formatDateTime(ms)} UTC`;
export const hms = (ms: number) => formatDateTime(ms).slice(11);
export const between = (from: number, to: number) => `between ${utc(from)} and ${hms(to)}`;

/** Series query range around a finding: the finding plus context on both sides. */
export function around(from: number, to: number): { from: number; to: number } {
  const pad = Math.max(60_000, Math.round((to - from) / 2));
  return { from: from - pad, to: to + pad };
}

/** Markers overlapping [from − slack, to + slack], at most three, nearest start first. */
export function markersNear(ctx: DetectorContext, from: number, to: number, slackMs = 120_000): NonNullable<TFindingEvidence["markers"]> {
  return ctx.markers
    .filter((m) => m.ts <= to + slackMs && (m.endTs ?? m.ts) >= from - slackMs)
    .sort((a, b) => Math.abs(a.ts - from) - Math.abs(b.ts - from))
    .slice(0, 3);
}

/** " It lines up with rollout X." or "" when no marker is near. */
export function markerSentence(markers: NonNullable<TFindingEvidence["markers"]>): string {
  if (markers.length === 0) return "";
  const names = markers.map((m) => `“${m.label}” (${hms(m.ts)})`).join(", ");
  return ` It lines up with ${markers.length === 1 ? "the marker" : "the markers"} ${names}.`;
}

export const slash = (ip: string) => `${ip}/${ip.includes(":") ? 128 : 32}`;
