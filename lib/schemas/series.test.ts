import { describe, expect, it } from "vitest";
import { alignBuckets, parseMetricQuery, pointsOf, toPoints, ZFlowSeriesQuery, ZSeriesFormatQuery } from "./series";

describe("the series contract", () => {
  it("aligns ranges to whole buckets", () => {
    expect(alignBuckets(1500, 9100, 1000)).toEqual({ from: 1000, to: 10_000, step: 1000, count: 9 });
    expect(alignBuckets(0, 60_000, 60_000)).toEqual({ from: 0, to: 60_000, step: 60_000, count: 1 });
  });

  it("turns columns into points: every bucket, or only each series' own samples when raw", () => {
    expect(pointsOf([0, 10, 20], [1, null, 0])).toEqual([[0, 1], [10, null], [20, 0]]);
    expect(pointsOf([0, 5, 10], [1, null, 2], true)).toEqual([[0, 1], [10, 2]]);
    const raw = { from: 0, to: 20, step: 10, t: [0, 5], series: [{ key: "a", label: "a", unit: "", values: [1, null] }, { key: "b", label: "b", unit: "", values: [null, 2] }], raw: true as const };
    expect(JSON.stringify(toPoints(raw))).toBe('{"from":0,"to":20,"step":10,"series":[{"key":"a","label":"a","unit":"","points":[[0,1]]},{"key":"b","label":"b","unit":"","points":[[5,2]]}]}');
  });

  it("reads every metrics parameter that is not the query's own as a label filter", () => {
    const q = parseMetricQuery({ name: "up", agg: "max", from: "1000", step: "1m", format: "columns", job: "api", instance: "a:9100" });
    expect(q).toEqual({ name: "up", agg: "max", from: 1000, step: 60_000, labels: { job: "api", instance: "a:9100" } });
    expect(parseMetricQuery({ name: "up" })).toEqual({ name: "up", agg: "avg", labels: {} });
    expect(() => parseMetricQuery({ job: "api" })).toThrow(/"name"/);
  });

  it("defaults the flows query and the encoding", () => {
    expect(ZFlowSeriesQuery.parse({ port: "53", from: "2024-06-10T06:14:00Z" })).toEqual({ groupBy: "flag", metric: "flows", port: 53, from: 1_718_000_040_000 });
    expect(ZSeriesFormatQuery.parse({}).format).toBe("points");
    expect(ZSeriesFormatQuery.safeParse({ format: "csv" }).success).toBe(false);
  });
});
