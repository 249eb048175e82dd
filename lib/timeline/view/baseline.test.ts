import { describe, expect, it } from "vitest";
import { baselineKey, baselineTotalKey, baselineView, differenceText, withBaseline } from "./baseline";
import type { TChartData } from "./chart-data";

const H = 3_600_000;
const grid = (from: number, n: number, step: number) => Array.from({ length: n }, (_, i) => from + i * step);

const data: TChartData = {
  from: 10 * H, to: 10 * H + 4000, step: 1000, t: grid(10 * H, 4, 1000),
  series: [{ key: "syn", label: "SYN", unit: "", values: [5, 6, 7, 8] }, { key: "fin", label: "FIN", unit: "", values: [1, 1, 1, 1] }],
};
// The hour before, on a grid of its own (2 s buckets, from 1 s earlier).
const base: TChartData = {
  from: 9 * H - 1000, to: 9 * H + 3000, step: 2000, t: grid(9 * H - 1000, 2, 2000),
  series: [{ key: "syn", label: "SYN", unit: "", values: [2, 3] }, { key: "fin", label: "FIN", unit: "", values: [null, 4] }],
};

describe("baselineView", () => {
  it("shifts the view's range, or lays a chosen range from the view's start", () => {
    expect(baselineView({ shift: "-1h" }, { from: 10 * H, to: 11 * H })).toEqual({ range: { from: 9 * H, to: 10 * H }, offset: H, label: "1h before" });
    expect(baselineView({ from: 2 * H, to: 3 * H }, { from: 10 * H, to: 10 * H + 60_000 })).toEqual({ range: { from: 2 * H, to: 3 * H }, offset: 8 * H, label: "normal range" });
    expect(baselineView(null, { from: 0, to: 1 })).toBeNull();
  });
});

describe("withBaseline", () => {
  it("puts each baseline bucket under the view's buckets it covers", () => {
    const out = withBaseline(data, base, H, ["syn", "fin"], null, "1h before");
    expect(out.series.map((s) => s.key)).toEqual(["syn", "fin", baselineKey("syn"), baselineKey("fin")]);
    // View bucket 10h+0 ← baseline 9h+0, inside [9h−1s, 9h+1s): value 2; +1 s → 9h+1 s, the next bucket: 3.
    expect(out.series[2]).toMatchObject({ label: "SYN, 1h before", values: [2, 3, 3, null] });
    expect(out.series[3]!.values).toEqual([null, 4, 4, null]);
    expect(out.t).toBe(data.t);
  });

  it("sums the keys for a stacked panel, leaving out missing values", () => {
    const out = withBaseline(data, base, H, ["syn", "fin"], baselineTotalKey("main"), "Total flows, 1h before");
    expect(out.series.at(-1)).toMatchObject({ key: "total:main~baseline", label: "Total flows, 1h before", values: [2, 7, 7, null] });
  });
});

describe("differenceText", () => {
  it("says by how much and what share the incident differs", () => {
    const f = (v: number) => String(v);
    expect(differenceText(14, 10, f)).toBe("+4 (+40%)");
    expect(differenceText(5, 10, f)).toBe("−5 (−50%)");
    expect(differenceText(3, 0, f)).toBe("+3");
    expect(differenceText(null, 1, f)).toBeNull();
  });
});
