// Round-number time ticks for an axis, aligned in UTC or local time.
import type { TRange, TZone } from "@/lib/timeline/view-state";
import { DAY, HOUR, MINUTE, SECOND, zoneOffset } from "./format-time";

const STEPS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 30 * DAY,
];

export function tickStep(span: number, maxTicks: number): number {
  return STEPS.find((s) => span / s <= Math.max(maxTicks, 1)) ?? STEPS[STEPS.length - 1]!;
}

/** Ticks inside the range, at most `maxTicks` of them, on multiples of a round step. */
export function timeTicks(r: TRange, maxTicks: number, tz: TZone): { step: number; ticks: number[] } {
  const step = tickStep(r.to - r.from, maxTicks);
  const offset = zoneOffset(r.from, tz);
  const ticks: number[] = [];
  for (let t = Math.ceil((r.from + offset) / step) * step - offset; t <= r.to && ticks.length <= maxTicks + 1; t += step) ticks.push(t);
  return { step, ticks };
}
