import { describe, expect, it } from "vitest";
import { firstSignificantByte, headLines, parseIsoMs } from "./flow-util";

describe("parseIsoMs", () => {
  it.each([
    ["2024-06-10T06:14:00Z", Date.UTC(2024, 5, 10, 6, 14)],
    ["2024-06-10T06:14:00.004212999Z", Date.UTC(2024, 5, 10, 6, 14, 0, 4)],
    ["2024-06-10 06:14:00.5", Date.UTC(2024, 5, 10, 6, 14, 0, 500)],
    ["2024-06-10T08:14:00+02:00", Date.UTC(2024, 5, 10, 6, 14)],
    ["2024-06-10T01:44:00-0430", Date.UTC(2024, 5, 10, 6, 14)],
    ["2024-06-10t06:14:00z", Date.UTC(2024, 5, 10, 6, 14)],
  ])("%s", (text, ms) => expect(parseIsoMs(text)).toBe(ms));

  it.each(["", "1718000000", "2024-06-10", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-06-10T25:00:00Z", "yesterday"])(
    "rejects %j",
    (text) => expect(parseIsoMs(text)).toBeNull(),
  );
});

describe("sniff helpers", () => {
  it("headLines keeps complete non-blank lines only", () => {
    expect(headLines(Buffer.from("\ufeffa\r\n\r\nb\nc"), 5)).toEqual(["a", "b"]);
    expect(headLines(Buffer.from("only"), 5)).toEqual(["only"]);
  });

  it("firstSignificantByte skips whitespace and a BOM", () => {
    expect(firstSignificantByte(Buffer.from("\ufeff \r\n\t{"))).toBe(0x7b);
    expect(firstSignificantByte(Buffer.from(" \n"))).toBe(-1);
  });
});
