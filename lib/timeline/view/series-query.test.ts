import { describe, expect, it } from "vitest";
import { normalizeSeries, normalizeSeriesQuery, sameShape, seriesUrlParams } from "./series-query";

describe("normalizeSeriesQuery", () => {
  it("drops empties, rounds and caps, and sorts keys", () => {
    const q = normalizeSeriesQuery({ to: 2000.4, from: 999.6, maxPoints: 5000, dst: "", port: 53, src: undefined, groupBy: "flag" });
    expect(q).toEqual({ from: "1000", groupBy: "flag", maxPoints: "2000", port: "53", to: "2000" });
    expect(Object.keys(q)).toEqual(["from", "groupBy", "maxPoints", "port", "to"]);
  });

  it("tells a zoom from a changed query", () => {
    const flows = (groupBy: "flag" | "direction") => ({ kind: "flows" as const, filters: { groupBy, metric: "flows" as const } });
    const a = normalizeSeries(flows("flag"), { from: 1, to: 2, maxPoints: 800 });
    expect(sameShape(a, normalizeSeries(flows("flag"), { from: 5, to: 9, maxPoints: 900 }))).toBe(true);
    expect(sameShape(a, normalizeSeries(flows("direction"), { from: 1, to: 2, maxPoints: 800 }))).toBe(false);
  });
});

describe("normalizeSeries", () => {
  it("keys a request by kind, range and its own parameters, metric labels as parameters of their own", () => {
    const key = normalizeSeries({ kind: "metrics", filters: { name: "up", agg: "avg", labels: { job: "api" } } }, { from: 999.6, to: 5000, maxPoints: 9000 });
    expect(key).toEqual({ kind: "metrics", from: 1000, to: 5000, maxPoints: 2000, filters: { agg: "avg", job: "api", name: "up" } });
    expect(seriesUrlParams(key)).toEqual({ agg: "avg", job: "api", name: "up", from: "1000", to: "5000", maxPoints: "2000" });
    const dns = normalizeSeries({ kind: "dns", filters: {} }, { step: 60_000 });
    expect(dns).toEqual({ kind: "dns", step: 60_000, filters: {} });
    expect(sameShape(dns, normalizeSeries({ kind: "dns", filters: {} }, { step: 10_000 }))).toBe(false);
    expect(sameShape(dns, normalizeSeries({ kind: "packets", filters: { groupBy: "flag" } }, { step: 60_000 }))).toBe(false);
  });
});
