// conntrack-pressure (and resolver-pps from the ENA counter alone) on generated metric exports.
import { beforeAll, describe, expect, it } from "vitest";
import { newIncident } from "../uploads";
import { findings, near, of, sampled, T0, upload, writeMarkers, writePrometheus, type Series } from "./evidence";
import { rng } from "./captures";

const r = rng(3);
const steady = () => 13_000 * (0.97 + 0.06 * r());
const inWindow = (t: number, from: number, to: number) => t >= (T0 + from) * 1000 && t < (T0 + to) * 1000;
const instance = (i: number) => ({ instance: `10.0.4.${10 + i}:9100`, job: "node-exporter" });

describe("conntrack-pressure", () => {
  let incident: string;

  beforeAll(async () => {
    incident = await newIncident("conntrack");
    const series: Series[] = [];
    for (let i = 0; i < 3; i++) {
      series.push({
        name: "node_nf_conntrack_entries", labels: instance(i),
        points: sampled(1800, 15, (t) => {
          // Nodes 0 and 1 jump to ~60k during the rollout (600–690 s); node 2 nearly fills its table later.
          if (i < 2 && inWindow(t, 600, 690)) return 60_000 + 500 * r();
          if (i === 2 && inWindow(t, 1200, 1290)) return 250_000 + 1000 * r();
          return steady();
        }),
      });
      series.push({ name: "node_nf_conntrack_entries_limit", labels: instance(i), points: sampled(1800, 15, () => 262_144) });
      // A counter since boot: constant, then +1,842 during the rollout on node 0 only.
      let dropped = 40;
      series.push({
        name: "node_ethtool_conntrack_allowance_exceeded", labels: { ...instance(i), device: "eth0" },
        points: sampled(1800, 15, (t) => (dropped += i === 0 && inWindow(t, 615, 675) ? 307 : 0)),
      });
    }
    const metrics = writePrometheus("conntrack.prom", series);
    const markers = writeMarkers("rollouts.csv", [{ from: T0 + 590, to: T0 + 700, label: "payments rollout", kind: "rollout" }]);
    await upload(incident, [metrics, markers]);
  });

  it("finds the jump from the steady level on the two nodes, lined up with the rollout", async () => {
    const jump = of((await findings(incident)).findings, "conntrack-pressure").filter((f) => f.title.includes("jumped"));
    expect(jump).toHaveLength(1);
    const f = jump[0]!;
    expect(f.evidence.subject).toEqual({ kind: "metric", value: "node_nf_conntrack_entries" });
    expect(f.evidence.panel).toBe("metrics");
    expect(f.evidence.query).toMatchObject({ name: "node_nf_conntrack_entries" });
    near(f.from, T0 + 600, 15_000);
    near(f.to, T0 + 690, 15_000);
    expect(f.evidence.facts.nodes).toBe(2);
    expect(Math.abs(Number(f.evidence.facts.baseline) - 13_000)).toBeLessThan(700);
    expect(Number(f.evidence.facts.peak)).toBeGreaterThanOrEqual(60_000);
    expect(f.evidence.markers?.map((m) => m.label)).toEqual(["payments rollout"]);
    expect(f.severity).toBe("warning");
  });

  it("finds the table near its limit on the third node", async () => {
    const full = of((await findings(incident)).findings, "conntrack-pressure").filter((f) => f.title.includes("full"));
    expect(full).toHaveLength(1);
    const f = full[0]!;
    near(f.from, T0 + 1200, 15_000);
    near(f.to, T0 + 1290, 15_000);
    expect(f.evidence.query).toMatchObject({ instance: "10.0.4.12:9100" });
    expect(Number(f.evidence.facts.fullness)).toBeGreaterThan(0.95);
    expect(f.severity).toBe("critical");
  });

  it("finds conntrack_allowance_exceeded increasing, by exactly how much", async () => {
    const exceeded = of((await findings(incident)).findings, "conntrack-pressure").filter((f) => f.evidence.subject.value === "node_ethtool_conntrack_allowance_exceeded");
    expect(exceeded).toHaveLength(1);
    const f = exceeded[0]!;
    expect(f.evidence.facts.increase).toBe(4 * 307);
    near(f.from, T0 + 600, 15_000);
    near(f.to, T0 + 660, 15_000);
    expect(f.severity).toBe("critical");
    expect(f.evidence.markers?.map((m) => m.label)).toEqual(["payments rollout"]);
  });
});

describe("resolver-pps from linklocal_allowance_exceeded alone", () => {
  it("reports the drops at the link-local limit", async () => {
    const incident = await newIncident("linklocal");
    let dropped = 12;
    const metrics = writePrometheus("linklocal.prom", [{
      name: "node_ethtool_linklocal_allowance_exceeded", labels: { instance: "10.0.4.12:9100", device: "eth0" },
      points: sampled(900, 30, (t) => (dropped += inWindow(t, 300, 420) ? 1000 : 0)),
    }]);
    await upload(incident, [metrics]);
    const list = of((await findings(incident)).findings, "resolver-pps");
    expect(list).toHaveLength(1);
    expect(list[0]!.evidence.subject).toEqual({ kind: "metric", value: "node_ethtool_linklocal_allowance_exceeded" });
    expect(list[0]!.evidence.facts.increase).toBe(4000);
    near(list[0]!.from, T0 + 270, 30_000);
    near(list[0]!.to, T0 + 390, 30_000);
  });
});
