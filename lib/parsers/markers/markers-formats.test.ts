import { describe, expect, it } from "vitest";
import { FOREIGN_SAMPLES, fixtureSamples } from "../metrics/sniff-samples";
import { MARKER_FORMATS, sniffMarkerFormat } from "./markers-formats";

const samples = [...fixtureSamples(), ...FOREIGN_SAMPLES];

describe("marker format sniffing", () => {
  it.each(MARKER_FORMATS.map((f) => [f.kind, f] as const))("%s accepts its own fixtures and nothing else", (kind, format) => {
    expect(samples.some((s) => s.owner === kind)).toBe(true);
    for (const s of samples) expect([s.name, format.sniff(s.bytes)]).toEqual([s.name, s.owner === kind]);
  });

  it("picks the right format for every marker fixture, also from a truncated head", () => {
    for (const s of fixtureSamples()) {
      const marker = MARKER_FORMATS.some((f) => f.kind === s.owner);
      expect([s.name, sniffMarkerFormat(s.bytes)?.kind ?? null]).toEqual([s.name, marker ? s.owner : null]);
      if (marker) expect([s.name, sniffMarkerFormat(s.bytes.subarray(0, Math.ceil(s.bytes.length * 0.6)))?.kind]).toEqual([s.name, s.owner]);
    }
  });
});
