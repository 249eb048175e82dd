// syn-storm and rst-burst on generated VPC flow logs with known truth.
import { beforeAll, describe, expect, it } from "vitest";
import { newIncident } from "../uploads";
import { findings, flowRecord, near, of, T0, upload, writeFlowLog, writeMarkers } from "./evidence";

describe("syn-storm", () => {
  const storm = { dst: "10.0.99.17", fromSec: T0 + 300, toSec: T0 + 390, synsPerSec: 400, dstPort: 8080 };
  let stormFlows = 0;
  let incident: string;

  beforeAll(async () => {
    incident = await newIncident("syn storm");
    const log = await writeFlowLog("storm.log", { rows: 300 * 600 + 400 * 90, startSec: T0, seed: 7, flowsPerSec: 300, storm });
    stormFlows = log.truth.stormFlows;
    await upload(incident, [log.path]);
  });

  it("names the unresponsive destination, its port, the clients and the time range", async () => {
    const list = of((await findings(incident)).findings, "syn-storm");
    expect(list).toHaveLength(1);
    const f = list[0]!;
    expect(f.evidence.subject).toEqual({ kind: "destination", value: "10.0.99.17", port: 8080 });
    expect(f.evidence.panel).toBe("flows");
    expect(f.evidence.query).toMatchObject({ dst: "10.0.99.17/32", groupBy: "flag" });
    near(f.from, storm.fromSec);
    near(f.to, storm.toSec);
    expect(f.evidence.facts.synFlows).toBe(stormFlows);
    expect(f.evidence.facts.synAcks).toBe(0);
    // 12 nodes × 20 pods dial it, each about 400/240 times a second.
    expect(f.evidence.facts.clients).toBeGreaterThan(200);
    expect(f.evidence.clients!.length).toBe(10);
    expect(Number(f.evidence.facts.reconnectIntervalMs)).toBeGreaterThan(300);
    expect(Number(f.evidence.facts.reconnectIntervalMs)).toBeLessThan(1200);
    expect(f.severity).toBe("critical");
    expect(f.confidence).toBeGreaterThan(0.8);
    expect(f.explanation).toContain("10.0.99.17 port 8080");
  });
});

describe("rst-burst", () => {
  const server = "10.0.77.5";
  const from = T0 + 400;
  let incident: string;

  beforeAll(async () => {
    incident = await newIncident("rst burst");
    // 60 RST flows per second for 20 s from the server to 150 clients: a pod stopping mid-connection.
    const extra: string[] = [];
    for (let s = 0; s < 20; s++) {
      for (let j = 0; j < 60; j++) {
        const k = s * 60 + j;
        extra.push(flowRecord({ src: server, dst: `10.0.50.${(k % 150) + 2}`, sport: 8080, dport: 40000 + k, start: from + s, flags: k % 2 ? 4 : 20 }));
      }
    }
    const log = await writeFlowLog("rst.log", { rows: 300 * 600, startSec: T0, seed: 8, flowsPerSec: 300 }, extra);
    const markers = writeMarkers("rollout.csv", [{ from: from - 5, to: from + 40, label: "web rollout", kind: "rollout" }]);
    await upload(incident, [log.path, markers]);
  });

  it("names the server resetting its connections, the time range and the rollout", async () => {
    const list = of((await findings(incident)).findings, "rst-burst");
    expect(list).toHaveLength(1);
    const f = list[0]!;
    expect(f.evidence.subject).toEqual({ kind: "destination", value: server, port: 8080 });
    expect(f.evidence.query).toMatchObject({ src: `${server}/32`, groupBy: "flag" });
    near(f.from, from);
    near(f.to, from + 20);
    expect(f.evidence.facts.rstFlows).toBe(1200);
    expect(f.evidence.facts.peers).toBe(150);
    expect(f.evidence.markers?.map((m) => m.label)).toEqual(["web rollout"]);
    expect(f.explanation).toContain("web rollout");
  });

  it("does not call the storm or the background a SYN storm", async () => {
    expect(of((await findings(incident)).findings, "syn-storm")).toEqual([]);
  });
});
