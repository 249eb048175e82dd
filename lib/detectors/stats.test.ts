import { describe, expect, it } from "vitest";
import { counterIncreases, increaseEpisodes, mad, median, quantile, toRuns } from "./stats";

describe("detector statistics", () => {
  it("computes quantiles, the median and a robust spread", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(quantile([0, 10], 0.2)).toBe(2);
    expect(mad([1, 1, 1, 1, 100])).toBe(0);
    expect(mad([1, 2, 3, 4, 5])).toBeCloseTo(1.4826, 4);
  });

  it("joins flagged buckets into runs across gaps up to the limit", () => {
    expect(toRuns([30, 0, 10, 70], 10, 10)).toEqual([
      { from: 0, to: 40, buckets: [0, 10, 30] },
      { from: 70, to: 80, buckets: [70] },
    ]);
  });

  it("reads counter increases across resets like Prometheus", () => {
    const points: Array<[number, number]> = [[0, 5], [10, 5], [20, 8], [30, 2], [40, 2], [100, 3]];
    expect(counterIncreases(points)).toEqual([{ from: 10, to: 20, increase: 3 }, { from: 20, to: 30, increase: 2 }, { from: 40, to: 100, increase: 1 }]);
    expect(increaseEpisodes(points, 5)).toEqual([{ from: 10, to: 30, increase: 5 }, { from: 40, to: 100, increase: 1 }]);
    expect(increaseEpisodes(points, 10)).toEqual([{ from: 10, to: 100, increase: 6 }]);
  });
});
