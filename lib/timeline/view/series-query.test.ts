import { describe, expect, it } from "vitest";
import { normalizeSeriesQuery, sameShape } from "./series-query";

describe("normalizeSeriesQuery", () => {
  it("drops empties, rounds and caps, and sorts keys", () => {
    const q = normalizeSeriesQuery({ to: 2000.4, from: 999.6, maxPoints: 5000, dst: "", port: 53, src: undefined, groupBy: "flag" });
    expect(q).toEqual({ from: "1000", groupBy: "flag", maxPoints: "2000", port: "53", to: "2000" });
    expect(Object.keys(q)).toEqual(["from", "groupBy", "maxPoints", "port", "to"]);
  });

  it("tells a zoom from a changed query", () => {
    const a = normalizeSeriesQuery({ from: 1, to: 2, maxPoints: 800, groupBy: "flag" });
    expect(sameShape(a, normalizeSeriesQuery({ from: 5, to: 9, maxPoints: 900, groupBy: "flag" }))).toBe(true);
    expect(sameShape(a, normalizeSeriesQuery({ from: 1, to: 2, maxPoints: 800, groupBy: "direction" }))).toBe(false);
  });
});
