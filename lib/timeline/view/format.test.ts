import { describe, expect, it } from "vitest";
import { formatDuration, formatInstant, formatTick, HOUR, MINUTE, SECOND } from "./format-time";
import { formatValue } from "./format-value";
import { timeTicks } from "./time-ticks";
import { parseTypedTime } from "./typed-time";

const t0 = Date.UTC(2024, 4, 1, 12, 3, 4);

describe("time formatting", () => {
  it("formats instants in UTC", () => {
    expect(formatInstant(t0, "utc")).toBe("2024-05-01 12:03:04");
    expect(formatInstant(t0 + 250, "utc")).toBe("2024-05-01 12:03:04.250");
  });

  it("labels ticks by step, with the date at midnight", () => {
    expect(formatTick(t0, 10 * SECOND, "utc")).toBe("12:03:04");
    expect(formatTick(t0, 5 * MINUTE, "utc")).toBe("12:03");
    expect(formatTick(Date.UTC(2024, 4, 2), HOUR, "utc")).toBe("05-02");
  });

  it("formats durations compactly", () => {
    expect(formatDuration(10 * SECOND)).toBe("10s");
    expect(formatDuration(90 * MINUTE)).toBe("1h 30m");
    expect(formatDuration(15 * MINUTE)).toBe("15m");
    expect(formatDuration(26 * HOUR + 5 * SECOND)).toBe("1d 2h");
  });
});

describe("timeTicks", () => {
  it("puts round ticks inside the range", () => {
    const { step, ticks } = timeTicks({ from: Date.UTC(2024, 4, 1, 12, 0, 7), to: Date.UTC(2024, 4, 1, 12, 15) }, 10, "utc");
    expect(step).toBe(2 * MINUTE);
    expect(ticks[0]).toBe(Date.UTC(2024, 4, 1, 12, 2));
    expect(ticks.every((t) => t % step === 0)).toBe(true);
    expect(ticks.length).toBeLessThanOrEqual(10);
  });
});

describe("formatValue", () => {
  it("formats by unit", () => {
    expect(formatValue(1234, "flows")).toBe("1.23k");
    expect(formatValue(130_000, "packets")).toBe("130k");
    expect(formatValue(42, "flows")).toBe("42");
    expect(formatValue(0.5, "x")).toBe("0.5");
    expect(formatValue(5000, "ms")).toBe("5 s");
    expect(formatValue(12.34, "ms")).toBe("12.3 ms");
    expect(formatValue(3 * 1024 * 1024, "bytes")).toBe("3 MB");
    expect(formatValue(null, "ms")).toBe("–");
  });
});

describe("parseTypedTime", () => {
  it("reads ISO, plain date-times in the view's zone, epoch ms and epoch seconds", () => {
    expect(parseTypedTime("2024-05-01T12:03:04Z", "local")).toBe(t0);
    expect(parseTypedTime("2024-05-01 12:03:04", "utc")).toBe(t0);
    expect(parseTypedTime("2024-05-01 12:03", "utc")).toBe(t0 - 4 * SECOND);
    expect(parseTypedTime(String(t0), "utc")).toBe(t0);
    expect(parseTypedTime(String(t0 / 1000), "utc")).toBe(t0);
    expect(parseTypedTime("2024-05-01 12:03:04", "local")).toBe(new Date(2024, 4, 1, 12, 3, 4).getTime());
  });

  it("rejects what is not a time", () => {
    for (const s of ["", "soon", "2024-02-31 10:00", "2024-05-01 25:00"]) expect(parseTypedTime(s, "utc")).toBeNull();
  });
});
