import { describe, expect, it } from "vitest";
import { fingerprint } from "./fingerprint";

describe("finding fingerprint", () => {
  const t = Date.UTC(2024, 5, 10, 6, 13, 0);
  it("stays the same when the window moves a little inside the five-minute grid", () => {
    const a = fingerprint({ detector: "syn-storm", subject: "10.0.42.17:8080", from: t, to: t + 90_000 });
    expect(fingerprint({ detector: "syn-storm", subject: "10.0.42.17:8080", from: t + 20_000, to: t + 80_000 })).toBe(a);
    expect(a).toBe("syn-storm|10.0.42.17:8080|2024-06-10T06:10|2024-06-10T06:15");
  });
  it("differs by detector, subject and time", () => {
    const a = fingerprint({ detector: "syn-storm", subject: "x", from: t, to: t + 1000 });
    expect(fingerprint({ detector: "rst-burst", subject: "x", from: t, to: t + 1000 })).not.toBe(a);
    expect(fingerprint({ detector: "syn-storm", subject: "y", from: t, to: t + 1000 })).not.toBe(a);
    expect(fingerprint({ detector: "syn-storm", subject: "x", from: t + 3_600_000, to: t + 3_601_000 })).not.toBe(a);
  });
});
