import { describe, expect, it } from "vitest";
import type { TChartRow } from "./chart-data";
import { linePath, stackedStepPaths } from "./paths";
import { niceLinear, powersOfTen, visibleMax } from "./y-scale";

const rows: TChartRow[] = [
  { t: 0, values: { a: 1, b: 2, l: 5 } },
  { t: 10, values: { a: 3, b: null, l: null } },
  { t: 20, values: { a: 0, b: 1, l: 7 } },
];
const x = (t: number) => t;
const y = (v: number) => 100 - v;

describe("stackedStepPaths", () => {
  it("stacks series as flat buckets, the second on top of the first", () => {
    const [a, b] = stackedStepPaths(rows, ["a", "b"], 10, x, y);
    expect(a?.line).toBe("M0,99H10L10,97H20L20,100H30");
    // The base of the first series is flat: one segment back.
    expect(a?.area).toBe("M0,99H10L10,97H20L20,100H30L30,100H0Z");
    // Equal neighbours merge into one segment.
    expect(b?.line).toBe("M0,97H20L20,99H30");
    expect(b?.area).toBe("M0,97H20L20,99H30L30,100H20L20,97H10L10,99H0Z");
  });

  it("draws nothing without rows", () => {
    expect(stackedStepPaths([], ["a"], 10, x, y)).toEqual([{ key: "a", area: "", line: "" }]);
  });
});

describe("linePath", () => {
  it("goes through bucket centres and breaks at gaps", () => {
    expect(linePath(rows, "l", 5, x, y)).toBe("M5,95M25,93");
    expect(linePath(rows, "a", 5, x, y, (v) => v > 0)).toBe("M5,99L15,97");
  });

  it("joins raw points across rows where the series is absent", () => {
    const raw: TChartRow[] = [{ t: 0, values: { m: 1 } }, { t: 3, values: { n: 9 } }, { t: 7, values: { m: 2 } }];
    expect(linePath(raw, "m", 0, x, y)).toBe("M0,99L7,98");
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
    expect(visibleMax(rows, [["a", "b"]], ["l"])).toBe(7);
    expect(visibleMax(rows, [["a", "b"]], [])).toBe(3);
  });
});
