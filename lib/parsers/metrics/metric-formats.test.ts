import { describe, expect, it } from "vitest";
import { METRIC_FORMATS, sniffMetricFormat } from "./metric-formats";
import { FOREIGN_SAMPLES, fixtureSamples } from "./sniff-samples";

const samples = [...fixtureSamples(), ...FOREIGN_SAMPLES];

describe("metric format sniffing", () => {
  it.each(METRIC_FORMATS.map((f) => [f.kind, f] as const))("%s accepts its own fixtures and nothing else", (kind, format) => {
    const own = samples.filter((s) => s.owner === kind);
    expect(own.length).toBeGreaterThan(0);
    for (const s of samples) expect([s.name, format.sniff(s.bytes)]).toEqual([s.name, s.owner === kind]);
  });

  it("picks the right format for every metric fixture, also from a head cut mid-line", () => {
    for (const s of fixtureSamples()) {
      const metric = METRIC_FORMATS.some((f) => f.kind === s.owner);
      expect([s.name, sniffMetricFormat(s.bytes)?.kind ?? null]).toEqual([s.name, metric ? s.owner : null]);
      if (metric) expect([s.name, sniffMetricFormat(s.bytes.subarray(0, Math.ceil(s.bytes.length * 0.6)))?.kind]).toEqual([s.name, s.owner]);
    }
  });

  it("has unique kinds", () => {
    expect(new Set(METRIC_FORMATS.map((f) => f.kind)).size).toBe(METRIC_FORMATS.length);
  });
});
