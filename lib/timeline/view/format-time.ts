// Time formatting for the timeline, in UTC or the browser's zone. Pure (given the zone's offset).
import type { TZone } from "@/lib/timeline/view-state";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Offset east of UTC in ms for the zone at instant t. */
export const zoneOffset = (t: number, tz: TZone) => (tz === "local" ? -new Date(t).getTimezoneOffset() * MINUTE : 0);

function parts(t: number, tz: TZone) {
  const d = new Date(t + zoneOffset(t, tz));
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), ms: d.getUTCMilliseconds() };
}

/** `2024-05-01 12:03:04` (with `.250` when there are milliseconds). */
export function formatInstant(t: number, tz: TZone): string {
  const p = parts(t, tz);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${p.ms ? `.${pad(p.ms, 3)}` : ""}`;
}

export function formatClock(t: number, tz: TZone, seconds = true): string {
  const p = parts(t, tz);
  return seconds ? `${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}` : `${pad(p.h)}:${pad(p.mi)}`;
}

/** An axis label: the date at midnight or for day steps, else the clock (seconds when useful). */
export function formatTick(t: number, step: number, tz: TZone): string {
  const p = parts(t, tz);
  if (step >= DAY || (p.h === 0 && p.mi === 0 && p.s === 0)) return `${pad(p.mo)}-${pad(p.d)}`;
  return formatClock(t, tz, step < MINUTE);
}

/** `1s`, `10s`, `5m`, `1h`, `2d`; compound spans as `1h 30m`. */
export function formatDuration(ms: number): string {
  if (ms < SECOND) return `${Math.round(ms)}ms`;
  const units: Array<[number, string]> = [[DAY, "d"], [HOUR, "h"], [MINUTE, "m"], [SECOND, "s"]];
  const out: string[] = [];
  let rest = Math.round(ms / SECOND) * SECOND;
  for (const [size, name] of units) {
    if (rest >= size && out.length < 2) {
      out.push(`${Math.floor(rest / size)}${name}`);
      rest %= size;
    } else if (out.length) break;
  }
  return out.join(" ");
}

export const zoneLabel = (tz: TZone) => (tz === "utc" ? "UTC" : "local");
