// Normal traffic of every kind — flows, conntrack and ENA metrics, markers, DNS through two
// resolvers forwarding upstream, TCP to a resolver — with the usual noise (a few RSTs, unanswered
// queries with retries, the odd SYN retransmission, a volume ramp): no detector may fire.
import { beforeAll, describe, expect, it } from "vitest";
import { DETECTOR_IDS, type TFindingsResponse } from "@/lib/schemas/finding";
import { newIncident } from "../uploads";
import { CaptureBuilder, rng, S, steadyDns } from "./captures";
import { file, findings, of, sampled, T0, upload, writeFlowLog, writeMarkers, writePrometheus, type Series } from "./evidence";

describe("normal traffic", () => {
  let result: TFindingsResponse;

  beforeAll(async () => {
    const incident = await newIncident("a quiet day");
    const flows = await writeFlowLog("normal.log", { rows: 300 * 600, startSec: T0, seed: 21, flowsPerSec: 300 });

    const r = rng(22);
    const series: Series[] = [];
    for (let i = 0; i < 3; i++) {
      const labels = { instance: `10.0.4.${10 + i}:9100` };
      series.push({ name: "node_nf_conntrack_entries", labels, points: sampled(900, 15, () => 13_000 * (0.95 + 0.1 * r())) });
      series.push({ name: "node_nf_conntrack_entries_limit", labels, points: sampled(900, 15, () => 262_144) });
      series.push({ name: "node_ethtool_conntrack_allowance_exceeded", labels: { ...labels, device: "eth0" }, points: sampled(900, 15, () => 40) });
      series.push({ name: "node_ethtool_linklocal_allowance_exceeded", labels: { ...labels, device: "eth0" }, points: sampled(900, 15, () => 12) });
    }
    const metrics = writePrometheus("normal.prom", series);
    const markers = writeMarkers("normal-markers.csv", [{ from: T0 + 200, to: T0 + 260, label: "web rollout", kind: "rollout" }]);

    const b = new CaptureBuilder();
    const latency = () => (r() < 0.03 ? null : 2 + 28 * r() * r());
    // Clients → 10.0.0.53, ramping 250 → 350 queries/s; unanswered ones are retried twice.
    for (const [k, qps] of [250, 300, 350].entries()) {
      steadyDns(b, { startS: T0 + 100 * k, seconds: 100, qps, server: "10.0.0.53", clients: 200, latencyMs: latency, seed: 30 + k });
    }
    // Both resolvers forward cache misses upstream (one way): no loop.
    steadyDns(b, { startS: T0, seconds: 300, qps: 40, server: "10.0.0.99", client: "10.0.0.53", seed: 40 });
    steadyDns(b, { startS: T0, seconds: 300, qps: 10, server: "10.0.0.99", client: "10.0.0.54", seed: 41 });
    for (let s = 0; s < 300; s++) {
      b.connect((T0 + s) * S + 100_000, "10.1.0.9", "10.0.0.10", 53);
      b.connect((T0 + s) * S + 600_000, "10.1.0.8", "10.0.0.10", 53);
      if (s % 60 === 30) b.connect((T0 + s) * S, "10.1.0.7", "10.0.0.10", 53, { retransmits: 1 });
      if (s % 3 === 0) b.dns({ t: (T0 + s) * S + 5000, client: "10.1.0.5", server: "10.0.0.53", qname: "flaky.example", qtype: 1, latencyMs: null, retries: 2, retryMs: 1000 });
    }
    await upload(incident, [flows.path, metrics, markers, b.write(file("normal.pcap"))]);
    result = await findings(incident, "?includeDismissed=1");
  });

  it("ran every detector without error", () => {
    expect(result.status).toBe("idle");
    expect(result.lastRunAt).toEqual(expect.any(Number));
    expect(result.error).toBeNull();
  });

  it.each(DETECTOR_IDS.filter((id) => id !== "dns-health"))("%s does not fire", (id) => {
    expect(of(result.findings, id).map((f) => f.title)).toEqual([]);
  });

  it("says DNS answered well, as a finding against the DNS hypothesis", () => {
    const [health] = of(result.findings, "dns-health");
    expect(health).toMatchObject({ stance: "against", severity: "info", title: "DNS answered fast throughout the captures" });
    expect(health!.explanation).toMatch(/argues against DNS/);
  });
});
