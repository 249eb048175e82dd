import { describe, expect, it } from "vitest";
import { isTimeZone, wallClockToUtc } from "./time-zone";

const wall = (y: number, mo: number, d: number, h: number, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);

describe("isTimeZone", () => {
  it("knows IANA names and refuses others", () => {
    for (const z of ["America/New_York", "Europe/Berlin", "UTC", "Asia/Kolkata", "Etc/GMT+5"]) expect(isTimeZone(z), z).toBe(true);
    for (const z of ["", "Mars/Olympus_Mons", "EST5EDT6", "+02:00 ", "x".repeat(100)]) expect(isTimeZone(z), z).toBe(false);
  });
});

describe("wallClockToUtc", () => {
  const ny = wallClockToUtc("America/New_York");

  it("reads standard and daylight time with their offsets", () => {
    expect(ny(wall(2024, 1, 15, 12))).toBe(wall(2024, 1, 15, 17));
    expect(ny(wall(2024, 7, 15, 12, 30, 5) + 250)).toBe(wall(2024, 7, 15, 16, 30, 5) + 250);
  });

  it("crosses the spring-forward change (2024-03-10 02:00 EST → 03:00 EDT) minute by minute", () => {
    expect(ny(wall(2024, 3, 10, 1, 59, 59))).toBe(wall(2024, 3, 10, 6, 59, 59));
    expect(ny(wall(2024, 3, 10, 3, 0, 0))).toBe(wall(2024, 3, 10, 7, 0, 0));
    // 02:30 never happened: read with the offset before the change, i.e. 03:30 EDT.
    expect(ny(wall(2024, 3, 10, 2, 30))).toBe(wall(2024, 3, 10, 7, 30));
  });

  it("takes the first of the two 01:30s when clocks fall back (2024-11-03)", () => {
    expect(ny(wall(2024, 11, 3, 0, 59))).toBe(wall(2024, 11, 3, 4, 59));
    expect(ny(wall(2024, 11, 3, 1, 30))).toBe(wall(2024, 11, 3, 5, 30));
    expect(ny(wall(2024, 11, 3, 2, 0))).toBe(wall(2024, 11, 3, 7, 0));
  });

  it("handles zones without DST and half-hour offsets", () => {
    expect(wallClockToUtc("Asia/Kolkata")(wall(2024, 6, 10, 11, 43, 20))).toBe(wall(2024, 6, 10, 6, 13, 20));
    expect(wallClockToUtc("UTC")(wall(2024, 6, 10, 6))).toBe(wall(2024, 6, 10, 6));
    // Southern hemisphere: Sydney is +11 in January (daylight), +10 in July.
    const syd = wallClockToUtc("Australia/Sydney");
    expect(syd(wall(2024, 1, 10, 12))).toBe(wall(2024, 1, 10, 1));
    expect(syd(wall(2024, 7, 10, 12))).toBe(wall(2024, 7, 10, 2));
  });
});
