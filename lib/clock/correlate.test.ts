import { describe, expect, it } from "vitest";
import { rng } from "@/lib/samples/capture-event-queue";
import { bestLag, refineShift, type SecondCounts } from "./correlate";

const perSecond = (timesMs: number[]): SecondCounts => {
  const m: SecondCounts = new Map();
  for (const t of timesMs) m.set(Math.floor(t / 1000), (m.get(Math.floor(t / 1000)) ?? 0) + 1);
  return m;
};

describe("bestLag and refineShift", () => {
  const r = rng(3);
  const events: number[] = [];
  for (let s = 0; s < 300; s++) if (r() < 0.3) events.push(1_700_000_000_000 + s * 1000 + Math.floor(r() * 1000));
  for (const [at, n] of [[50, 40], [120, 25], [210, 35]] as const) for (let k = 0; k < n; k++) events.push(1_700_000_000_000 + at * 1000 + Math.floor(r() * 2000));

  it("finds a capture 7.45 s behind within 10 ms", () => {
    const reference = perSecond(events);
    const late = events.map((t) => t - 7450);
    const coarse = bestLag(reference, perSecond(late), 600)!;
    expect(Math.abs(coarse.lagS * 1000 - 7450)).toBeLessThanOrEqual(1000);
    expect(coarse.correlation).toBeGreaterThan(0.7);
    const fine = refineShift(reference, late, coarse.lagS * 1000)!;
    expect(Math.abs(fine.shiftMs - 7450)).toBeLessThanOrEqual(10);
    expect(fine.correlation).toBeGreaterThan(coarse.correlation - 1e-9);
  });

  it("finds nothing in a flat series", () => {
    expect(bestLag(new Map([[1, 1], [2, 1], [3, 1]]), perSecond(events), 60)).toBeNull();
  });
});
