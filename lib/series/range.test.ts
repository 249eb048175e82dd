import { describe, expect, it } from "vitest";
import { chooseStep, pointsOf, ZStep } from "@/lib/schemas/series";
import { bucketTimes, denseColumn, resolveBuckets } from "./range";

/** A dense column as the default answer's points. */
const densePoints = (b: Parameters<typeof denseColumn>[0], values: Map<number, number>, empty: number | null) => pointsOf(bucketTimes(b), denseColumn(b, values, empty));

describe("ZStep", () => {
  it("parses units and plain milliseconds", () => {
    expect(ZStep.parse("1s")).toBe(1000);
    expect(ZStep.parse("10s")).toBe(10_000);
    expect(ZStep.parse("1m")).toBe(60_000);
    expect(ZStep.parse("1h")).toBe(3_600_000);
    expect(ZStep.parse("60000")).toBe(60_000);
    expect(ZStep.parse(5000)).toBe(5000);
  });
  it("refuses sub-second and non-whole steps", () => {
    for (const bad of ["500ms", "1.5s", "abc", "0s", 1500]) expect(ZStep.safeParse(bad).success).toBe(false);
  });
});

describe("resolveBuckets", () => {
  it("picks the smallest nice step within maxPoints and aligns to it", () => {
    const b = resolveBuckets({ from: 1_000_500, to: 1_000_500 + 3_600_000, maxPoints: 400 }, { from: 0, to: 0 });
    expect(b.step).toBe(10_000);
    expect(b.from % b.step).toBe(0);
    expect(b.to % b.step).toBe(0);
    expect(b.from).toBeLessThanOrEqual(1_000_500);
    expect(b.count).toBeLessThanOrEqual(400 + 1);
    expect(chooseStep(0, 90_000, 2000)).toBe(1000);
  });
  it("uses the fallback range and rejects backwards or oversized ranges", () => {
    expect(resolveBuckets({ step: 60_000 }, { from: 0, to: 600_000 })).toEqual({ from: 0, to: 600_000, step: 60_000, count: 10 });
    expect(() => resolveBuckets({ from: 10, to: 5 }, { from: 0, to: 0 })).toThrow(/after/);
    expect(() => resolveBuckets({ from: 0, to: 86_400_000, step: 1000 }, { from: 0, to: 0 })).toThrow(/too many/);
  });
  it("fills empty buckets", () => {
    const b = { from: 0, to: 3000, step: 1000, count: 3 };
    expect(densePoints(b, new Map([[1000, 5]]), 0)).toEqual([[0, 0], [1000, 5], [2000, 0]]);
    expect(densePoints(b, new Map(), null)[0]).toEqual([0, null]);
  });
});
