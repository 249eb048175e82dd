import { describe, expect, it } from "vitest";
import { linePath, stackedStepPaths } from "./paths";
import { niceLinear, powersOfTen, visibleMax } from "./y-scale";

// Three buckets: t = 0, 10, 20.
const t = [0, 10, 20];
const a = [1, 3, 0];
const b = [2, null, 1];
const l = [5, null, 7];
const x = (t: number) => t;
const y = (v: number) => 100 - v;

describe("stackedStepPaths", () => {
  it("stacks series as flat buckets, the second on top of the first", () => {
    const [pa, pb] = stackedStepPaths(t, [{ key: "a", values: a }, { key: "b", values: b }], 10, x, y);
    expect(pa?.line).toBe("M0,99H10L10,97H20L20,100H30");
    // The base of the first series is flat: one segment back.
    expect(pa?.area).toBe("M0,99H10L10,97H20L20,100H30L30,100H0Z");
    // Equal neighbours merge into one segment.
    expect(pb?.line).toBe("M0,97H20L20,99H30");
    expect(pb?.area).toBe("M0,97H20L20,99H30L30,100H20L20,97H10L10,99H0Z");
  });

  it("draws nothing without rows", () => {
    expect(stackedStepPaths([], [{ key: "a", values: [] }], 10, x, y)).toEqual([{ key: "a", area: "", line: "" }]);
  });
});

describe("linePath", () => {
  it("goes through bucket centres and breaks at gaps", () => {
    expect(linePath(t, l, 5, x, y)).toBe("M5,95M25,93");
    expect(linePath(t, a, 5, x, y, { ok: (v) => v > 0 })).toBe("M5,99L15,97");
  });

  it("joins raw points across rows where the series is absent", () => {
    // A raw answer: m has samples at 0 and 7, n at 3 (null: no sample of that series there).
    const m = [1, null, 2];
    expect(linePath([0, 3, 7], m, 0, x, y, { joinNulls: true })).toBe("M0,99L7,98");
  });
});

describe("y scale", () => {
  it("rounds the top up to a nice tick", () => {
    expect(niceLinear(4321)).toEqual({ domain: [0, 5000], ticks: [0, 1000, 2000, 3000, 4000, 5000] });
    expect(niceLinear(7).ticks).toEqual([0, 2, 4, 6, 8]);
    expect(niceLinear(3200).ticks).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(niceLinear(3)).toEqual({ domain: [0, 3], ticks: [0, 1, 2, 3] });
    expect(niceLinear(0)).toEqual({ domain: [0, 1], ticks: [0, 1] });
    expect(niceLinear(0.3).ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });
  it("lists powers of ten", () => {
    expect(powersOfTen([1, 1000])).toEqual([1, 10, 100, 1000]);
  });
  it("takes the largest stack total or line value", () => {
    expect(visibleMax([[a, b]], [l])).toBe(7);
    expect(visibleMax([[a, b]], [])).toBe(3);
  });
});
