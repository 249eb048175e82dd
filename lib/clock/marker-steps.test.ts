import { describe, expect, it } from "vitest";
import { stepLag, type TPoint } from "./marker-steps";

/** 5 s samples from 0 to 1 h, noise of ±1, and a +50 step at each of `steps` (ms). */
function series(steps: number[]): TPoint[] {
  const out: TPoint[] = [];
  for (let t = 0; t < 3_600_000; t += 5000) out.push([t, 100 + 50 * steps.filter((s) => t >= s).length + ((t / 5000) % 3) - 1]);
  return out;
}

describe("stepLag", () => {
  it("finds the steps a fixed time after each marker, to the sampling interval", () => {
    const markers = [600_000, 1_500_000, 2_400_000];
    const fit = stepLag(markers, series(markers.map((m) => m + 45_000)), 300_000)!;
    expect(fit).toMatchObject({ lagMs: 45_000, spreadMs: 0, matched: 3, markers: 3, intervalMs: 5000 });
  });

  it("times a step between samples at the sample after it", () => {
    const markers = [600_000, 1_500_000];
    expect(stepLag(markers, series([612_000, 1_512_000]), 300_000)!.lagMs).toBe(15_000);
  });

  it("says nothing without a clear step near two markers", () => {
    expect(stepLag([600_000, 1_500_000], series([]), 300_000)).toBeNull();
    expect(stepLag([600_000, 1_500_000], series([600_000 + 900_000 * 2]), 300_000)).toBeNull();
    expect(stepLag([600_000], series([600_000]), 300_000)).toBeNull();
  });

  it("reports how much the lags disagree", () => {
    const fit = stepLag([600_000, 1_500_000, 2_400_000], series([630_000, 1_540_000, 2_420_000]), 300_000)!;
    expect(fit.lagMs).toBe(30_000);
    expect(fit.spreadMs).toBe(20_000);
  });
});
