import { describe, expect, it } from "vitest";
import { clampRange, MIN_SPAN_MS, panRange, selectionToRange, timeAtX, xAtTime, zoomRange } from "./range-math";

const r = { from: 100_000, to: 200_000 };

describe("zoom and pan", () => {
  it("zooms in and out around the middle by default", () => {
    expect(zoomRange(r, 0.5)).toEqual({ from: 125_000, to: 175_000 });
    expect(zoomRange(r, 2)).toEqual({ from: 50_000, to: 250_000 });
  });

  it("keeps the point under the cursor fixed", () => {
    const z = zoomRange(r, 0.5, 120_000);
    expect(z).toEqual({ from: 110_000, to: 160_000 });
    expect((120_000 - z.from) / (z.to - z.from)).toBeCloseTo((120_000 - r.from) / (r.to - r.from));
  });

  it("treats a nonsense factor as no zoom", () => {
    expect(zoomRange(r, 0)).toEqual(r);
    expect(zoomRange(r, Number.NaN)).toEqual(r);
  });

  it("pans by a fraction of the span", () => {
    expect(panRange(r, 0.25)).toEqual({ from: 125_000, to: 225_000 });
    expect(panRange(r, -1)).toEqual({ from: 0, to: 100_000 });
  });
});

describe("clampRange", () => {
  const bounds = { from: 1_000_000, to: 1_600_000 };

  it("enforces the minimum span around the centre", () => {
    expect(clampRange({ from: 1_000, to: 3_000 }, null)).toEqual({ from: 2_000 - MIN_SPAN_MS / 2, to: 2_000 + MIN_SPAN_MS / 2 });
  });

  it("orders a backwards range", () => {
    expect(clampRange({ from: 1_300_000, to: 1_200_000 }, bounds)).toEqual({ from: 1_200_000, to: 1_300_000 });
  });

  it("lets you zoom out to three times the evidence and no further", () => {
    expect(clampRange({ from: 0, to: 10_000_000 }, bounds)).toEqual({ from: 400_000, to: 2_200_000 });
  });

  it("stops panning a padded span past the evidence", () => {
    expect(clampRange({ from: 2_100_000, to: 2_400_000 }, bounds)).toEqual({ from: 1_900_000, to: 2_200_000 });
    expect(clampRange({ from: 0, to: 300_000 }, bounds)).toEqual({ from: 400_000, to: 700_000 });
  });

  it("leaves a range inside the bounds alone", () => {
    expect(clampRange({ from: 1_100_000, to: 1_200_000 }, bounds)).toEqual({ from: 1_100_000, to: 1_200_000 });
  });
});

describe("pixels", () => {
  it("maps x to time and back", () => {
    expect(timeAtX(250, 1000, r)).toBe(125_000);
    expect(xAtTime(125_000, 1000, r)).toBe(250);
    expect(timeAtX(-50, 1000, r)).toBe(r.from);
    expect(timeAtX(5000, 1000, r)).toBe(r.to);
  });

  it("turns a drag into a range either way round and ignores clicks", () => {
    expect(selectionToRange(600, 200, 1000, r)).toEqual({ from: 120_000, to: 160_000 });
    expect(selectionToRange(200, 202, 1000, r)).toBeNull();
  });
});
