import { describe, expect, it } from "vitest";
import { TimeSpan } from "./time-span";

const T0 = Date.UTC(2024, 5, 10, 6);

function spanOf(times: number[]) {
  const s = new TimeSpan();
  for (const t of times) s.add(t);
  return s.bulk();
}

describe("TimeSpan", () => {
  it("is the exact min and max when nothing stands apart", () => {
    const times = Array.from({ length: 3600 }, (_, i) => T0 + i * 1000 + 17);
    expect(spanOf(times)).toEqual({ from: T0 + 17, to: T0 + 3599 * 1000 + 17, outliers: 0 });
    expect(spanOf([T0 + 5])).toEqual({ from: T0 + 5, to: T0 + 5, outliers: 0 });
  });

  it("leaves out a few rows a year away and counts them", () => {
    const times = Array.from({ length: 10_000 }, (_, i) => T0 + i * 100);
    times.splice(5000, 0, T0 + 365 * 86_400_000, T0 - 200 * 86_400_000);
    expect(spanOf(times)).toEqual({ from: T0, to: T0 + 9999 * 100, outliers: 2 });
  });

  it("finds the bulk among rows scattered over millennia", () => {
    const s = new TimeSpan();
    for (let i = 0; i < 200_000; i++) s.add(i % 1000 === 0 ? Date.UTC(1990, 0, 1) + i * 7_919_000_000 : T0 + (i % 60_000) * 60);
    expect(s.bulk()).toEqual({ from: T0 + 60, to: T0 + 59_999 * 60, outliers: 200 });
  });

  it("coarsens to hours past 50,000 minutes and keeps the exact ends", () => {
    const times = Array.from({ length: 60_000 }, (_, i) => T0 + i * 61_000 + 7);
    expect(spanOf(times)).toEqual({ from: T0 + 7, to: T0 + 59_999 * 61_000 + 7, outliers: 0 });
  });
});
