import { describe, expect, it } from "vitest";
import { detectEpochUnit, epochToMs, parseEpoch, parseIsoTime, parseTime } from "./time";

describe("epoch numbers", () => {
  it("detects s, ms, µs and ns by magnitude", () => {
    expect(detectEpochUnit(1.7e9)).toBe("s");
    expect(detectEpochUnit(1.7e12)).toBe("ms");
    expect(detectEpochUnit(1.7e15)).toBe("us");
    expect(detectEpochUnit(1.7e18)).toBe("ns");
    expect(detectEpochUnit(86_400)).toBeNull();
    expect(detectEpochUnit(5e10)).toBeNull();
  });

  it("converts exactly through the decimal text", () => {
    expect(epochToMs(1435781430.781, "s")).toBe(1435781430781);
    expect(epochToMs("1718000060.5", "s")).toBe(1718000060500);
    expect(epochToMs("1718000000000", "ms")).toBe(1718000000000);
    expect(epochToMs("1718000000123456", "us")).toBe(1718000000123.456);
    expect(epochToMs("1718000030123000000", "ns")).toBe(1718000030123);
    expect(epochToMs("1718000030123456789", "ns")).toBeCloseTo(1718000030123.4568, 3);
    expect(epochToMs("1.718e9", "s")).toBe(1718000000000);
    expect(epochToMs("abc", "s")).toBeNaN();
  });

  it("reads every unit to the same instant", () => {
    for (const v of ["1718000000", "1718000000000", "1718000000000000", "1718000000000000000", 1718000000, 1718000000000.0]) {
      expect(parseEpoch(v)).toEqual({ ok: true, ms: 1718000000000, warning: null });
    }
  });

  it("reports numbers that are no 1990–2100 time in any unit (offsets, truncation)", () => {
    const r = parseEpoch("86400");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain("ambiguous epoch 86400");
      expect(r.error).toContain("as seconds 1970-01-02T00:00:00.000Z");
      expect(r.error).toContain("relative offset");
    }
    expect(parseEpoch("17180000000").ok).toBe(false);
  });

  it("warns when an explicit unit gives an implausible time", () => {
    const r = parseEpoch("1718000000", "ms");
    expect(r).toMatchObject({ ok: true, ms: 1718000000 });
    if (r.ok) expect(r.warning).toContain("outside 1990–2100");
  });

  it("refuses text that is not a number", () => {
    expect(parseEpoch("12:00")).toEqual({ ok: false, error: 'not an epoch number: "12:00"' });
  });
});

describe("ISO-8601 / RFC 3339", () => {
  it("applies offsets", () => {
    expect(parseIsoTime("2024-06-10T06:15:02Z")).toEqual({ ok: true, ms: Date.UTC(2024, 5, 10, 6, 15, 2), warning: null });
    expect(parseIsoTime("2024-06-10T06:16:00+00:00")).toEqual({ ok: true, ms: Date.UTC(2024, 5, 10, 6, 16), warning: null });
    expect(parseIsoTime("2024-06-10T08:13:20.000+02:00")).toEqual({ ok: true, ms: 1718000000000, warning: null });
    expect(parseIsoTime("2024-06-10T01:43:20-0430")).toEqual({ ok: true, ms: 1718000000000, warning: null });
    expect(parseIsoTime("2021-02-18 21:46:23 UTC")).toEqual({ ok: true, ms: Date.UTC(2021, 1, 18, 21, 46, 23), warning: null });
  });

  it("keeps sub-millisecond fractions", () => {
    expect(parseIsoTime("2024-06-10T06:15:02.123456Z")).toMatchObject({ ok: true, ms: Date.UTC(2024, 5, 10, 6, 15, 2) + 123.456 });
    expect(parseIsoTime("2024-06-10T06:15:02.5Z")).toMatchObject({ ms: Date.UTC(2024, 5, 10, 6, 15, 2, 500) });
  });

  it("assumes UTC for a time without offset and says so, unless a zone is given", () => {
    expect(parseIsoTime("2024-06-10 08:16:00")).toEqual({
      ok: true,
      ms: Date.UTC(2024, 5, 10, 8, 16),
      warning: 'no UTC offset in "2024-06-10 08:16:00"; assumed UTC',
    });
    expect(parseIsoTime("2024-06-10 08:16:00", { zoneOffsetMinutes: 120 })).toEqual({ ok: true, ms: Date.UTC(2024, 5, 10, 6, 16), warning: null });
  });

  it("rejects invalid dates, relative offsets and other notations", () => {
    expect(parseIsoTime("2024-02-30T00:00:00Z")).toEqual({ ok: false, error: 'invalid date-time "2024-02-30T00:00:00Z"' });
    expect(parseIsoTime("2024-06-10T25:00:00Z").ok).toBe(false);
    expect(parseIsoTime("+5m")).toEqual({ ok: false, error: 'relative time "+5m" cannot be placed without a reference time' });
    expect(parseIsoTime("06/10/2024 08:16")).toMatchObject({ ok: false, error: expect.stringContaining("unrecognised time") });
  });
});

describe("parseTime", () => {
  it("dispatches numbers and text", () => {
    expect(parseTime("1718000000")).toMatchObject({ ok: true, ms: 1718000000000 });
    expect(parseTime(" 1718000000000 ")).toMatchObject({ ok: true, ms: 1718000000000 });
    expect(parseTime("2024-06-10T06:13:20Z")).toMatchObject({ ok: true, ms: 1718000000000 });
    expect(parseTime("1718000000", { unit: "s" })).toMatchObject({ ok: true, ms: 1718000000000 });
  });
});
