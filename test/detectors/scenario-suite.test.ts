// The cases the detectors were not built on: a capture taken during the trouble only, with no
// quiet minute in it, and the confounders of the scenario suite, which look unusual and are
// healthy. Development seeds only; the evaluation (npm run eval:detectors) uses others.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFOUNDERS, DEVELOPMENT_SEEDS } from "@/lib/samples/scenarios/stories";
import { newIncident } from "../uploads";
import { CaptureBuilder, rng, S } from "./captures";
import { file, findings, of, T0, upload } from "./evidence";

describe("a degraded capture with no clean baseline", () => {
  it("fires dns-latency on absolute terms: 7 % of queries take 4–8 s and 3 % are never answered, evenly", async () => {
    const r = rng(71);
    const b = new CaptureBuilder();
    const latencies: number[] = [];
    for (let s = 0; s < 300; s++) {
      for (let j = 0; j < 40; j++) {
        const u = r();
        const latencyMs = u < 0.03 ? null : u < 0.1 ? 4000 + 4000 * r() : 1 + 15 * r();
        if (latencyMs !== null) latencies.push(latencyMs);
        b.dns({ t: (T0 + s) * S + j * 25_000, client: `10.1.0.${(j % 50) + 1}`, server: "10.0.0.2", qname: `host-${j}.example`, qtype: 1, latencyMs });
      }
    }
    // The shape of the case: a p90 that looks healthy, a p99 of seconds.
    const sorted = [...latencies].sort((x, y) => x - y);
    expect(sorted[Math.floor(0.9 * sorted.length)]).toBeLessThan(100);
    expect(sorted[Math.floor(0.99 * sorted.length)]).toBeGreaterThan(7000);

    const incident = await newIncident("degraded capture, no baseline");
    await upload(incident, [b.write(file("degraded.pcap"))]);
    const latency = of((await findings(incident)).findings, "dns-latency");
    expect(latency.length).toBeGreaterThanOrEqual(1);
    const [first] = latency;
    expect(first!.title).toMatch(/of DNS answers took over 1 s/);
    expect(first!.explanation).toMatch(/against no baseline/);
    expect(first!.evidence.facts).toMatchObject({ comparedWith: "no baseline (absolute threshold)", thresholdMs: 1000 });
    expect(first!.severity).toBe("critical");
    // Together the findings cover the whole capture, as the trouble did.
    expect(Math.min(...latency.map((f) => f.from))).toBeLessThanOrEqual(T0 * 1000 + 30_000);
    expect(Math.max(...latency.map((f) => f.to))).toBeGreaterThanOrEqual((T0 + 270) * 1000);
  });
});

describe("confounders of the scenario suite", () => {
  const cases = CONFOUNDERS.flatMap((make) => DEVELOPMENT_SEEDS.slice(0, 2).map((seed) => [`${make.storyName}-${seed}`, () => make(seed)] as const));
  it.each(cases)("%s: nothing fires, or only an informational finding", async (_id, make) => {
    const scenario = make();
    const dir = mkdtempSync(path.join(os.tmpdir(), `hindsight-${scenario.id}-`));
    const incident = await newIncident(scenario.id);
    await upload(incident, await scenario.write(dir));
    const result = await findings(incident);
    expect(result.error).toBeNull();
    expect(result.findings.filter((f) => f.severity !== "info").map((f) => `${f.detector}: ${f.title}`), scenario.description).toEqual([]);
  });
});
