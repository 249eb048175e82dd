// The capture-based detectors on generated pcaps with known truth: dns-latency, resolver-pps,
// dns-amplification, dns-loop, tcp-resolver-retransmits and query-mix.
import { describe, expect, it } from "vitest";
import { newIncident } from "../uploads";
import { CaptureBuilder, rng, S, steadyDns, type Tx } from "./captures";
import { file, findings, near, of, sampled, T0, upload, writePrometheus } from "./evidence";

const at = (s: number) => (T0 + s) * S;

describe("dns-latency", () => {
  it("finds the slow-answer regime and the unanswered window, and the resolver behind each", async () => {
    const r = rng(5);
    // 100 queries/s over two resolvers, answered in 2–22 ms (2 % unanswered), except:
    // 120–180 s: 10.0.0.3 answers in 3–8 s; 220–260 s: half of 10.0.0.2's queries get no answer.
    const incident = await newIncident("dns latency");
    const txs: Tx[] = [];
    for (let s = 0; s < 300; s++) {
      for (let j = 0; j < 100; j++) {
        const server = j % 2 ? "10.0.0.3" : "10.0.0.2";
        let latencyMs: number | null = r() < 0.02 ? null : 2 + r() * 20;
        if (s >= 120 && s < 180 && server === "10.0.0.3" && r() < 0.7) latencyMs = 3000 + r() * 5000;
        if (s >= 220 && s < 260 && server === "10.0.0.2" && r() < 0.5) latencyMs = null;
        txs.push({ t: at(s) + Math.floor(((j + r()) * S) / 100), client: `10.1.0.${(j % 20) + 1}`, server, qname: `host-${j}.svc.example`, qtype: 1, latencyMs });
      }
    }
    const capture = new CaptureBuilder();
    for (const tx of txs) capture.dns(tx);
    await upload(incident, [capture.write(file("latency.pcap"))]);

    const list = of((await findings(incident)).findings, "dns-latency");
    expect(list).toHaveLength(2);
    const latency = list.find((f) => f.title.includes("slowed"))!;
    expect(latency.evidence.subject).toEqual({ kind: "resolver", value: "10.0.0.3" });
    expect(latency.evidence.panel).toBe("dns");
    near(latency.from, T0 + 120);
    near(latency.to, T0 + 180);
    expect(Number(latency.evidence.facts.p90Ms)).toBeGreaterThan(3000);
    expect(Number(latency.evidence.facts.baselineP90Ms)).toBeLessThan(30);
    expect(latency.severity).toBe("critical");

    const lost = list.find((f) => f.title.includes("unanswered"))!;
    expect(lost.evidence.subject).toEqual({ kind: "resolver", value: "10.0.0.2" });
    near(lost.from, T0 + 220);
    near(lost.to, T0 + 260);
    const truth = txs.filter((t) => t.t >= lost.from * 1000 && t.t < lost.to * 1000);
    expect(lost.evidence.facts.queries).toBe(truth.length);
    expect(lost.evidence.facts.unansweredShare).toBeCloseTo(truth.filter((t) => t.latencyMs === null).length / truth.length, 3);
  });
});

describe("resolver-pps", () => {
  it("finds packets/s to the VPC resolver over 1,024, confirmed by linklocal_allowance_exceeded", async () => {
    const b = new CaptureBuilder();
    steadyDns(b, { startS: T0, seconds: 40, qps: 200, server: "10.0.0.2", latencyMs: () => 1 });
    steadyDns(b, { startS: T0 + 40, seconds: 30, qps: 1100, server: "10.0.0.2", latencyMs: () => 1, seed: 2 });
    steadyDns(b, { startS: T0 + 70, seconds: 80, qps: 200, server: "10.0.0.2", latencyMs: () => 1, seed: 3 });
    let dropped = 5;
    const metrics = writePrometheus("pps-linklocal.prom", [{
      name: "node_ethtool_linklocal_allowance_exceeded", labels: { instance: "10.0.4.12:9100", device: "eth0" },
      points: sampled(150, 10, (t) => (dropped += t > (T0 + 40) * 1000 && t <= (T0 + 70) * 1000 ? 500 : 0)),
    }]);
    const incident = await newIncident("resolver pps");
    await upload(incident, [b.write(file("pps.pcap")), metrics]);

    const list = of((await findings(incident)).findings, "resolver-pps");
    expect(list).toHaveLength(1);
    const f = list[0]!;
    expect(f.evidence.subject).toEqual({ kind: "resolver", value: "10.0.0.2", port: 53 });
    near(f.from, T0 + 40, 1000);
    near(f.to, T0 + 70, 1000);
    expect(f.evidence.facts).toMatchObject({ peakPacketsPerSecond: 1100, secondsOverLimit: 30, linklocalDropped: 1500 });
    expect(f.evidence.also?.[0]).toMatchObject({ panel: "metrics", query: { name: "node_ethtool_linklocal_allowance_exceeded" } });
    expect(f.severity).toBe("critical");
    expect(f.confidence).toBeGreaterThanOrEqual(0.9);
  });
});

describe("dns-amplification", () => {
  it("finds the same questions re-sent by clients and the resolver, with sent vs answered", async () => {
    const r = rng(9);
    const b = new CaptureBuilder();
    steadyDns(b, { startS: T0, seconds: 200, qps: 100, server: "10.0.0.2" });
    const txs: Tx[] = [];
    // 60–120 s: a job's reverse lookups; the upstream drops most; clients and the resolver retry.
    for (let s = 60; s < 120; s++) {
      for (let j = 0; j < 150; j++) {
        const t = at(s) + Math.floor(((j + r()) * S) / 150);
        const qname = `${j % 50}.${s % 16}.16.104.in-addr.arpa`;
        const answered = r() < 0.15;
        txs.push({ t, client: `10.1.2.${(j % 40) + 1}`, server: "10.0.0.2", qname, qtype: 12, latencyMs: answered ? 40 : null, retries: answered ? 0 : 2, retryMs: 1000 });
        txs.push({ t: t + 1000, client: "10.0.0.2", server: "10.0.0.99", qname, qtype: 12, latencyMs: answered ? 30 : null, retries: answered ? 0 : 2, retryMs: 800 });
      }
    }
    for (const tx of txs) b.dns(tx);
    const incident = await newIncident("amplification");
    await upload(incident, [b.write(file("amplification.pcap"))]);

    const list = of((await findings(incident)).findings, "dns-amplification");
    expect(list).toHaveLength(1);
    const f = list[0]!;
    near(f.from, T0 + 60);
    near(f.to, T0 + 120);
    expect(Number(f.evidence.facts.ratio)).toBeGreaterThan(4);
    expect(Number(f.evidence.facts.baselineRatio)).toBeLessThan(1.2);
    expect(String(f.evidence.facts.topQuestion)).toMatch(/in-addr\.arpa PTR$/);
    // Resolver-originated packets: exactly the forwarded queries and their retries in the window.
    const inWindow = (t: Tx) => t.t >= f.from * 1000 && t.t < f.to * 1000;
    expect(f.evidence.facts.packetsFromResolvers).toBe(txs.filter((t) => t.client === "10.0.0.2" && inWindow(t)).reduce((a, t) => a + 1 + (t.retries ?? 0), 0));
    expect(f.severity).toBe("critical");
  });
});

describe("dns-loop", () => {
  it("finds two resolvers bouncing the same questions", async () => {
    const [A, B] = ["10.0.0.53", "10.0.0.54"];
    const r = rng(4);
    const b = new CaptureBuilder();
    steadyDns(b, { startS: T0, seconds: 200, qps: 80, server: A });
    steadyDns(b, { startS: T0, seconds: 200, qps: 20, server: B, seed: 2 });
    // A forwards cache misses upstream (one way only): not a loop.
    steadyDns(b, { startS: T0, seconds: 200, qps: 15, server: "10.0.0.99", client: A, seed: 3 });
    // 100–150 s: every question goes client → A → B → A → B → A → B.
    for (let s = 100; s < 150; s++) {
      for (let j = 0; j < 10; j++) {
        const t = at(s) + Math.floor(((j + r()) * S) / 10);
        const qname = `api-${s}-${j}.internal.example`;
        b.dns({ t, client: "10.1.0.7", server: A, qname, qtype: 28, latencyMs: null });
        for (let hop = 0; hop < 5; hop++) b.dns({ t: t + 2000 * (hop + 1), client: hop % 2 ? B : A, server: hop % 2 ? A : B, qname, qtype: 28, latencyMs: null });
      }
    }
    const incident = await newIncident("dns loop");
    await upload(incident, [b.write(file("loop.pcap"))]);

    const list = of((await findings(incident)).findings, "dns-loop");
    expect(list).toHaveLength(1);
    const f = list[0]!;
    expect(f.evidence.subject).toEqual({ kind: "resolver-pair", value: `${A} <-> ${B}`, port: 53 });
    near(f.from, T0 + 100);
    near(f.to, T0 + 150);
    expect(f.evidence.facts).toMatchObject({ bounces: 4 * 500, questions: 500, [`${A} -> ${B}`]: 3 * 500, [`${B} -> ${A}`]: 2 * 500 });
  });
});

describe("tcp-resolver-retransmits", () => {
  it("finds SYN retransmissions toward the resolver's port 53", async () => {
    const b = new CaptureBuilder();
    steadyDns(b, { startS: T0, seconds: 120, qps: 50, server: "10.0.0.10" });
    for (let s = 0; s < 120; s++) b.connect(at(s) + 300_000, "10.1.0.9", "10.0.0.10", 53); // healthy TCP DNS
    // 60–68 s: node-local-dns forwards with force_tcp; 5 connects/s, each SYN retransmitted at +1 s and +3 s.
    for (let s = 60; s < 68; s++) for (let j = 0; j < 5; j++) b.connect(at(s) + j * 200_000, "169.254.20.10", "10.0.0.10", 53, { retransmits: 2, answered: false });
    const incident = await newIncident("tcp resolver");
    await upload(incident, [b.write(file("force-tcp.pcap"))]);

    const list = of((await findings(incident)).findings, "tcp-resolver-retransmits");
    expect(list).toHaveLength(1);
    const f = list[0]!;
    expect(f.evidence.subject).toEqual({ kind: "resolver", value: "10.0.0.10", port: 53 });
    expect(f.evidence.panel).toBe("packets");
    near(f.from, T0 + 61, 1000);
    near(f.to, T0 + 71, 1000);
    const syns = b.packets.filter((p) => p.packet.tcp?.flags === 0x02 && p.packet.dstPort === 53 && p.tsUs >= f.from * 1000 && p.tsUs < f.to * 1000);
    expect(f.evidence.facts).toMatchObject({ synRetransmissions: 80, syns: syns.length });
    expect(f.severity).toBe("critical");
  });
});

describe("query-mix", () => {
  it("finds PTR queries dominating against the incident's own mix", async () => {
    const b = new CaptureBuilder();
    steadyDns(b, { startS: T0, seconds: 300, qps: 150, server: "10.0.0.2" });
    steadyDns(b, { startS: T0 + 100, seconds: 60, qps: 400, server: "10.0.0.2", seed: 6, qtype: () => 12 });
    const incident = await newIncident("query mix");
    await upload(incident, [b.write(file("mix.pcap"))]);

    const list = of((await findings(incident)).findings, "query-mix");
    expect(list).toHaveLength(1);
    const f = list[0]!;
    expect(f.evidence.subject).toEqual({ kind: "qtype", value: "PTR" });
    near(f.from, T0 + 100);
    near(f.to, T0 + 160);
    expect(Number(f.evidence.facts.share)).toBeCloseTo((400 + 25) / 550, 2);
    expect(Number(f.evidence.facts.baselineShare)).toBeCloseTo(1 / 6, 2);
  });
});
