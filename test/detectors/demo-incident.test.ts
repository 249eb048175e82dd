// The demo incident ("it wasn't DNS"), generated and uploaded through the real upload route:
// detectors 1-4 must find the SYN storm, the RST burst, the conntrack pressure and the DNS
// latency, each at the right time.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runDetectors } from "@/lib/detectors";
import type { DetectedFinding } from "@/lib/detectors/types";
import { DEMO } from "@/lib/samples/demo/scenario";
import { writeDemoFiles } from "@/lib/samples/demo/write-demo-files";
import { newIncident, uploadFiles } from "../uploads";

const overlaps = (f: DetectedFinding, from: number, to: number) => f.from < to && f.to > from;

describe("detectors on the demo incident", () => {
  let findings: DetectedFinding[];

  beforeAll(async () => {
    const files = await writeDemoFiles(mkdtempSync(path.join(os.tmpdir(), "hindsight-demo-")));
    const incident = await newIncident("demo");
    const res = await uploadFiles(incident, files);
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    findings = (await runDetectors(db.pool, incident)).findings;
  }, 300_000);

  it("finds the SYN storm to the deleted pod IP during the storm", () => {
    const f = findings.find((x) => x.detector === "syn-storm");
    expect(f?.evidence.subject.value).toBe(DEMO.deletedPodIp);
    expect(overlaps(f!, DEMO.stormFrom, DEMO.stormTo)).toBe(true);
    expect(Math.abs(f!.from - DEMO.stormFrom)).toBeLessThanOrEqual(10_000);
    expect(Math.abs(f!.to - DEMO.stormTo)).toBeLessThanOrEqual(10_000);
  });

  it("finds the RST burst of the graceful-stop window from an old pod", () => {
    const f = findings.find((x) => x.detector === "rst-burst");
    expect(f, JSON.stringify(findings.map((x) => x.detector))).toBeDefined();
    expect(DEMO.oldPodIps).toContain(f!.evidence.subject.value);
    expect(overlaps(f!, DEMO.gracefulStopFrom, DEMO.gracefulStopTo)).toBe(true);
  });

  it("finds the conntrack pressure lined up with the rollout", () => {
    const f = findings.filter((x) => x.detector === "conntrack-pressure");
    expect(f.length).toBeGreaterThan(0);
    expect(f.some((x) => overlaps(x, DEMO.stormFrom, DEMO.rolloutTo))).toBe(true);
  });

  it("finds the DNS latency regime change during the trouble window", () => {
    const f = findings.filter((x) => x.detector === "dns-latency");
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((x) => overlaps(x, DEMO.stormFrom - 30_000, DEMO.stormFrom + 210_000))).toBe(true);
  });

  it("argues against DNS: fast answers except in the trouble window, while something underneath was failing", () => {
    const [f] = findings.filter((x) => x.detector === "dns-health");
    expect(f, JSON.stringify(findings.map((x) => x.detector))).toBeDefined();
    expect(f).toMatchObject({ stance: "against", severity: "info" });
    expect(f!.title).toMatch(/^DNS answered fast except \d\d:\d\d:\d\d–\d\d:\d\d:\d\d.*, while /);
    expect(f!.explanation).toMatch(/symptom, not the cause/);
  });
});
