// The scenario suite: the four incidents Hindsight is built for (a SYN storm to a deleted pod IP
// filling conntrack; a resolver whose TCP upstream fails; the VPC resolver's packet limit with
// retry amplification; two resolvers forwarding to each other), the shapes their symptoms take
// (tail-only latency, a capture with no clean baseline, RST bursts, a query-mix shift), and
// confounders that look unusual but are healthy. Every parameter is drawn from the seed: rates,
// durations, addresses, shares, noise.
import path from "node:path";
import { CaptureBuilder, rng, S, steadyDns } from "./capture-builder";
import { flowRecord, sampledFrom, writeFlowLogFile, writeMarkersFile, writePrometheusFile, type Series } from "./evidence-writers";
import { Draw, SCENARIO_T0 as T0, type Expectation, type Scenario } from "./scenario";

type Story = ((seed: number) => Scenario) & { storyName: string };

/** A normal answer time for a resolver nearby: a few ms, with a long-ish tail, and a few losses. */
const healthyLatency = (d: Draw, lossRate = 0.005) => (r: () => number) => (r() < lossRate ? null : d.num(0.5, 3) + 25 * r() * r() * r());

const ip = (d: Draw, prefix: string) => `${prefix}.${d.int(1, 250)}`;

/** Background flow log: `minutes` of steady traffic at `perSec` flows per second, plus `extra` records. */
async function flows(dir: string, seed: number, minutes: number, perSec: number, extra: string[] = []): Promise<string> {
  const file = path.join(dir, `flows-${seed}.log`);
  await writeFlowLogFile(file, { rows: Math.round(perSec * minutes * 60), startSec: T0, seed, flowsPerSec: perSec }, extra);
  return file;
}

function pcap(dir: string, name: string, b: CaptureBuilder): string {
  return b.write(path.join(dir, name));
}

/** Client traffic to `server` for `seconds` from `startS`, at `qps`, healthy unless told otherwise. */
function clients(b: CaptureBuilder, d: Draw, o: { startS: number; seconds: number; qps: number; server: string; latencyMs?: (r: () => number) => number | null; qtype?: (i: number) => number }) {
  steadyDns(b, { ...o, clients: d.int(20, 300), seed: d.int(1, 1e9), latencyMs: o.latencyMs ?? healthyLatency(d) });
}

const story = (name: string, kind: Scenario["kind"], build: (d: Draw, seed: number) => Omit<Scenario, "id" | "story" | "kind" | "seed">): Story =>
  Object.assign((seed: number): Scenario => ({ id: `${name}-${seed}`, story: name, kind, seed, ...build(new Draw(rng(seed * 7919 + name.length * 104_729)), seed) }), { storyName: name });

const ms = (s: number) => s * 1000;

export const synStorm = story("syn-storm", "story", (d, seed) => {
  const perSec = Math.round(d.log(15, 120));
  const target = ip(d, `10.0.${d.int(20, 90)}`);
  const port = d.pick([8080, 443, 9090, 5432, 6379]);
  const from = T0 + d.int(240, 700);
  const seconds = d.int(30, 240);
  const rate = Math.round(d.log(5, 400));
  const clientCount = d.int(20, 260);
  const storm: string[] = [];
  for (let t = from; t < from + seconds; t++) {
    for (let i = 0; i < rate; i++) {
      const c = (t * rate + i) % clientCount;
      storm.push(flowRecord({ src: `10.0.7.${(c % 250) + 1}`, dst: target, sport: 32768 + ((t * 131 + i) % 28000), dport: port, start: t, flags: 2, packets: 1 + (i % 2) }));
    }
  }
  return {
    description: `${rate} SYN/s for ${seconds} s from ${clientCount} clients to ${target}:${port}, nobody answering; background ${perSec} flows/s`,
    expect: [{ detector: "syn-storm", from: ms(from), to: ms(from + seconds), subject: target }],
    tolerate: [],
    write: async (dir) => [await flows(dir, seed, 20, perSec, storm)],
  };
});

export const rstBurst = story("rst-burst", "story", (d, seed) => {
  const perSec = Math.round(d.log(15, 100));
  const server = ip(d, `10.0.${d.int(20, 90)}`);
  const from = T0 + d.int(240, 700);
  const seconds = d.int(5, 60);
  const rate = Math.round(d.log(8, 200));
  const burst: string[] = [];
  for (let t = from; t < from + seconds; t++) {
    for (let i = 0; i < rate; i++) burst.push(flowRecord({ src: server, dst: `10.0.7.${(i % 200) + 10}`, sport: 8080, dport: 30000 + ((t * rate + i) % 30000), start: t, flags: 4 }));
  }
  return {
    description: `${server} resets ${rate} connections/s for ${seconds} s (a graceful stop cut short); background ${perSec} flows/s`,
    expect: [{ detector: "rst-burst", from: ms(from), to: ms(from + seconds), subject: server }],
    tolerate: [],
    write: async (dir) => [await flows(dir, seed, 20, perSec, burst)],
  };
});

/** node_nf_conntrack_entries for `nodes`, with the hot ones following `hot(t)`; the ENA counter rises while full. */
function conntrackSeries(d: Draw, nodes: number, limit: number, base: number, hot: (t: number, node: number) => number | null, seconds = 1800): Series[] {
  const out: Series[] = [];
  for (let i = 0; i < nodes; i++) {
    const labels = { instance: `10.0.${i + 1}.${d.int(10, 200)}:9100`, node: `ip-10-0-${i + 1}-${10 + i}` };
    const own = base * d.num(0.8, 1.2);
    const r = rng(d.int(1, 1e9));
    let dropped = d.int(0, 50);
    const entries = sampledFrom(T0, seconds, 15, (t) => Math.round(hot(t, i) ?? own * (0.97 + 0.06 * r())));
    out.push({ name: "node_nf_conntrack_entries", labels, points: entries });
    out.push({ name: "node_nf_conntrack_entries_limit", labels, points: sampledFrom(T0, seconds, 15, () => limit) });
    out.push({
      name: "node_ethtool_conntrack_allowance_exceeded", labels: { ...labels, device: "eth0" },
      points: entries.map(([t, v]) => [t, (dropped += v >= limit * 0.995 ? d.int(200, 2000) : 0)] as [number, number]),
    });
  }
  return out;
}

export const conntrack = story("conntrack", "story", (d, seed) => {
  const limit = d.pick([65_536, 131_072, 262_144]);
  const nodes = d.int(2, 5);
  const hotNodes = d.int(1, Math.min(2, nodes));
  const base = limit * d.num(0.05, 0.5);
  const atLimit = d.chance(0.5);
  const peak = atLimit ? limit : limit * d.num(0.8, 0.97);
  const from = T0 + d.int(300, 900);
  const seconds = d.int(120, 420);
  const ramp = d.int(15, 90);
  const hot = (t: number, node: number) => {
    if (node >= hotNodes) return null;
    const s = t / 1000 - from;
    if (s < 0 || s > seconds + ramp) return null;
    const up = Math.min(1, s / ramp, (seconds + ramp - s) / ramp);
    return Math.min(limit, base + (peak - base) * up);
  };
  const series = conntrackSeries(d, nodes, limit, base, hot);
  return {
    description: `conntrack ${Math.round(base)} → ${Math.round(peak)} of ${limit} on ${hotNodes} of ${nodes} nodes for ${seconds} s${atLimit ? " (at the limit: the ENA counter rises)" : ""}`,
    expect: [{ detector: "conntrack-pressure", from: ms(from), to: ms(from + seconds + ramp), subject: "conntrack" }],
    tolerate: [],
    write: async (dir) => [writePrometheusFile(path.join(dir, `node-${seed}.prom`), series)],
  };
});

export const resolverLimit = story("resolver-pps", "story", (d, seed) => {
  const resolver = d.pick(["169.254.169.253", "10.0.0.2", "172.16.0.2"]);
  const base = Math.round(d.log(30, 150));
  const burstFrom = T0 + d.int(120, 300);
  const seconds = d.int(20, 60);
  const qps = Math.round(d.num(850, 1300));
  const lost = d.num(0.25, 0.7);
  const retries = d.int(2, 3);
  const b = new CaptureBuilder();
  clients(b, d, { startS: T0, seconds: 600, qps: base, server: resolver });
  // The burst: one job's lookups over the limit; what the resolver drops is retried every second.
  const r = rng(d.int(1, 1e9));
  for (let s = 0; s < seconds; s++) {
    for (let j = 0; j < qps; j++) {
      const dropped = r() < lost;
      b.dns({
        t: (burstFrom + s) * S + Math.floor(((j + r()) * S) / qps), client: `10.2.${j % 4}.${(j % 200) + 1}`, server: resolver,
        qname: `${j % 500}.${(s * 7 + j) % 250}.10.in-addr.arpa`, qtype: 12, latencyMs: dropped ? null : 1 + 5 * r(), retries: dropped ? retries : 0, retryMs: 1000,
      });
    }
  }
  return {
    description: `${qps} queries/s for ${seconds} s to ${resolver} (background ${base}/s), ${Math.round(lost * 100)} % dropped and retried ${retries}×`,
    expect: [
      { detector: "resolver-pps", from: ms(burstFrom), to: ms(burstFrom + seconds + retries), subject: resolver },
      { detector: "dns-amplification", from: ms(burstFrom), to: ms(burstFrom + seconds + retries) },
    ],
    tolerate: ["dns-latency", "query-mix"],
    write: async (dir) => [pcap(dir, `resolver-${seed}.pcap`, b)],
  };
});

export const dnsLoop = story("dns-loop", "story", (d, seed) => {
  const a = `10.0.${d.int(0, 9)}.53`;
  const bIp = `10.0.${d.int(10, 19)}.54`;
  const b = new CaptureBuilder();
  clients(b, d, { startS: T0, seconds: 600, qps: Math.round(d.log(10, 60)), server: a });
  clients(b, d, { startS: T0, seconds: 600, qps: Math.round(d.log(10, 60)), server: bIp });
  const from = T0 + d.int(120, 360);
  const seconds = d.int(30, 180);
  const chainsPerSec = d.log(0.1, 4);
  const names = Array.from({ length: d.int(1, 6) }, (_, i) => `svc-${i}.${d.pick(["corp", "internal", "cluster.local"])}`);
  const r = rng(d.int(1, 1e9));
  // A looping question goes A → B → A → … a few ms apart until the clients give up.
  for (let t = 0; t < seconds; t += 1 / chainsPerSec) {
    const bounces = d.int(3, 25);
    const qname = names[Math.floor(r() * names.length)]!;
    const qtype = d.pick([1, 28]);
    const gapUs = Math.round(d.num(1, 40) * 1000);
    for (let k = 0; k < bounces; k++) {
      b.dns({ t: Math.round((from + t) * S) + k * gapUs, client: k % 2 ? bIp : a, server: k % 2 ? a : bIp, qname, qtype, latencyMs: null });
    }
  }
  return {
    description: `${a} and ${bIp} forward ${names.length} names to each other, ${chainsPerSec.toFixed(1)} new loops/s for ${seconds} s`,
    expect: [{ detector: "dns-loop", from: ms(from), to: ms(from + seconds), subject: `${a < bIp ? a : bIp} <-> ${a < bIp ? bIp : a}` }],
    tolerate: ["dns-latency", "dns-amplification", "query-mix"],
    write: async (dir) => [pcap(dir, `loop-${seed}.pcap`, b)],
  };
});

export const tcpUpstream = story("tcp-upstream", "story", (d, seed) => {
  const resolver = `10.0.${d.int(0, 9)}.10`;
  const upstream = `10.${d.int(100, 200)}.0.${d.int(2, 10)}`;
  const b = new CaptureBuilder();
  const from = T0 + d.int(120, 300);
  const seconds = d.int(40, 180);
  const perSec = d.log(0.2, 6);
  const retransmits = d.int(2, 4);
  // Healthy TCP to the upstream before and after: connects answered at once.
  for (let s = 0; s < 600; s += d.num(1, 4)) if (s + T0 < from - 8 || s + T0 > from + seconds + 10) b.connect((T0 + s) * S, resolver, upstream, 53);
  for (let s = 0; s < seconds; s += 1 / perSec) b.connect((from + s) * S, resolver, upstream, 53, { retransmits, answered: false });
  clients(b, d, {
    startS: T0, seconds: 600, qps: Math.round(d.log(10, 80)), server: resolver,
    latencyMs: (r) => (r() < 0.01 ? null : 1 + 10 * r() * r()),
  });
  return {
    description: `${resolver} → ${upstream}:53 over TCP: ${perSec.toFixed(1)} connects/s unanswered (${retransmits} SYN retransmissions each) for ${seconds} s`,
    expect: [{ detector: "tcp-resolver-retransmits", from: ms(from), to: ms(from + seconds + 2 ** retransmits), subject: upstream }],
    tolerate: ["dns-latency"],
    write: async (dir) => [pcap(dir, `tcp-upstream-${seed}.pcap`, b)],
  };
});

export const tailLatency = story("tail-latency", "story", (d, seed) => {
  const resolver = `10.0.0.${d.int(2, 99)}`;
  const qps = Math.round(d.log(20, 120));
  const from = T0 + d.int(120, 300);
  const seconds = d.int(90, 300);
  const share = d.num(0.03, 0.12);
  const slowMax = d.num(1.5, 5.5);
  const healthy = healthyLatency(d);
  const b = new CaptureBuilder();
  clients(b, d, { startS: T0, seconds: from - T0, qps, server: resolver });
  clients(b, d, { startS: from, seconds, qps, server: resolver, latencyMs: (r) => (r() < share ? 1000 * d.num(1, slowMax) : healthy(r)) });
  clients(b, d, { startS: from + seconds, seconds: 600 - (from + seconds - T0), qps, server: resolver });
  return {
    description: `${Math.round(share * 100)} % of answers from ${resolver} take 1–${slowMax.toFixed(1)} s for ${seconds} s (p90 may not move), ${qps} queries/s`,
    expect: [{ detector: "dns-latency", from: ms(from), to: ms(from + seconds) }],
    tolerate: [],
    write: async (dir) => [pcap(dir, `tail-${seed}.pcap`, b)],
  };
});

export const degradedCapture = story("degraded-capture", "story", (d, seed) => {
  const resolver = `10.0.0.${d.int(2, 99)}`;
  const qps = Math.round(d.log(20, 120));
  const seconds = d.int(180, 600);
  const slow = d.num(0.04, 0.1);
  const lost = d.num(0.02, 0.05);
  const healthy = healthyLatency(d, 0);
  const b = new CaptureBuilder();
  clients(b, d, {
    startS: T0, seconds, qps, server: resolver,
    latencyMs: (r) => {
      const u = r();
      return u < lost ? null : u < lost + slow ? 1000 * d.num(4, 8) : healthy(r);
    },
  });
  return {
    description: `a capture taken during the trouble: ${Math.round(slow * 100)} % of queries answered in 4–8 s and ${Math.round(lost * 100)} % never, evenly over ${seconds} s`,
    expect: [{ detector: "dns-latency", from: ms(T0), to: ms(T0 + seconds) }],
    tolerate: [],
    write: async (dir) => [pcap(dir, `degraded-${seed}.pcap`, b)],
  };
});

export const queryMix = story("query-mix", "story", (d, seed) => {
  const resolver = `10.0.0.${d.int(2, 99)}`;
  const qps = Math.round(d.log(20, 100));
  const from = T0 + d.int(120, 300);
  const seconds = d.int(60, 240);
  const extra = Math.round(qps * d.num(1, 5));
  const qtype = d.pick([12, 28]);
  const b = new CaptureBuilder();
  clients(b, d, { startS: T0, seconds: 600, qps, server: resolver });
  clients(b, d, { startS: from, seconds, qps: extra, server: resolver, qtype: () => qtype });
  return {
    description: `${extra} extra ${qtype === 12 ? "PTR" : "AAAA"} queries/s for ${seconds} s over ${qps}/s of the usual mix`,
    expect: [{ detector: "query-mix", from: ms(from), to: ms(from + seconds), subject: qtype === 12 ? "PTR" : "AAAA" }],
    tolerate: [],
    write: async (dir) => [pcap(dir, `mix-${seed}.pcap`, b)],
  };
});

export const quietRollout = story("quiet-rollout", "story", (d, seed) => {
  const perSec = Math.round(d.log(15, 100));
  const from = T0 + d.int(200, 800);
  const seconds = d.int(60, 400);
  const b = new CaptureBuilder();
  clients(b, d, { startS: T0, seconds: 600, qps: Math.round(d.log(10, 80)), server: `10.0.0.${d.int(2, 99)}` });
  const series = conntrackSeries(d, d.int(2, 4), 262_144, d.num(8_000, 30_000), () => null);
  return {
    description: `a rollout ${from - T0} s in, ${seconds} s long, with no effect on flows (${perSec}/s), DNS or conntrack`,
    expect: [],
    tolerate: [],
    write: async (dir) => [
      await flows(dir, seed, 20, perSec),
      writeMarkersFile(path.join(dir, `rollout-${seed}.csv`), [{ from, to: from + seconds, label: "deploy web v2", kind: "rollout" }]),
      writePrometheusFile(path.join(dir, `node-${seed}.prom`), series),
      pcap(dir, `quiet-${seed}.pcap`, b),
    ],
  };
});

export const busyDay = story("busy-day", "confounder", (d, seed) => {
  const perSec = Math.round(d.num(150, 300));
  const qps = Math.round(d.num(150, 300));
  const b = new CaptureBuilder();
  clients(b, d, { startS: T0, seconds: 300, qps, server: `10.0.0.${d.int(2, 99)}`, latencyMs: healthyLatency(d, 0.01) });
  const series = conntrackSeries(d, d.int(3, 6), 262_144, d.num(60_000, 160_000), () => null);
  return {
    description: `a busy, healthy day: ${perSec} flows/s, ${qps} DNS queries/s, conntrack at 25–60 % of its limit`,
    expect: [], tolerate: [],
    write: async (dir) => [await flows(dir, seed, 10, perSec), writePrometheusFile(path.join(dir, `node-${seed}.prom`), series, ), pcap(dir, `busy-${seed}.pcap`, b)],
  };
});

export const trafficSpike = story("traffic-spike", "confounder", (d, seed) => {
  const perSec = Math.round(d.log(20, 80));
  const factor = d.num(2, 6);
  const from = T0 + d.int(300, 700);
  const seconds = d.int(120, 300);
  const qps = Math.round(d.log(20, 80));
  const server = `10.0.0.${d.int(2, 99)}`;
  const b = new CaptureBuilder();
  clients(b, d, { startS: T0, seconds: 900, qps, server });
  clients(b, d, { startS: from, seconds, qps: Math.round(qps * (factor - 1)), server });
  const base = d.num(8_000, 20_000);
  const series = conntrackSeries(d, 3, 262_144, base, (t, node) => (node === 0 && t / 1000 >= from && t / 1000 < from + seconds ? base * d.num(1.3, 1.9) : null));
  return {
    description: `a legitimate spike: ${factor.toFixed(1)}× flows (${perSec}/s) and DNS (${qps}/s) for ${seconds} s, all answered, conntrack up but far from its limit`,
    expect: [], tolerate: [],
    write: async (dir) => {
      const spike = path.join(dir, `spike-${seed}.log`);
      await writeFlowLogFile(spike, { rows: Math.round(perSec * (factor - 1) * seconds), startSec: from, seed: seed + 1, flowsPerSec: perSec * (factor - 1) });
      return [await flows(dir, seed, 20, perSec), spike, writePrometheusFile(path.join(dir, `node-${seed}.prom`), series), pcap(dir, `spike-${seed}.pcap`, b)];
    },
  };
});

export const answeredScan = story("answered-scan", "confounder", (d, seed) => {
  const perSec = Math.round(d.log(15, 80));
  const scanner = `10.0.${d.int(100, 120)}.${d.int(2, 250)}`;
  const target = `10.0.${d.int(20, 90)}.${d.int(2, 250)}`;
  const from = T0 + d.int(200, 700);
  const seconds = d.int(30, 180);
  const rate = Math.round(d.log(20, 1000));
  const scan: string[] = [];
  for (let t = from; t < from + seconds; t++) {
    for (let i = 0; i < rate; i++) {
      const port = 1 + ((t * rate + i) % 65000);
      const sport = 40000 + (i % 20000);
      scan.push(flowRecord({ src: scanner, dst: target, sport, dport: port, start: t, flags: 2 }));
      scan.push(flowRecord({ src: target, dst: scanner, sport: port, dport: sport, start: t, flags: 18, dir: "ingress" }));
    }
  }
  return {
    description: `a scanner at ${scanner} sends ${rate} SYN/s for ${seconds} s to ${target}, every one answered with a SYN-ACK`,
    expect: [], tolerate: [],
    write: async (dir) => [await flows(dir, seed, 20, perSec, scan)],
  };
});

export const slowRemoteResolver = story("slow-remote-resolver", "confounder", (d, seed) => {
  const local = `10.0.0.${d.int(2, 99)}`;
  const remote = `10.${d.int(100, 200)}.0.2`;
  const rtt = d.num(120, 700);
  const b = new CaptureBuilder();
  clients(b, d, { startS: T0, seconds: 600, qps: Math.round(d.log(20, 100)), server: local });
  clients(b, d, { startS: T0, seconds: 600, qps: Math.round(d.log(5, 40)), server: remote, latencyMs: (r) => (r() < 0.003 ? null : rtt * (0.9 + 0.3 * r())) });
  return {
    description: `a resolver in another region (${remote}) answering in a steady ~${Math.round(rtt)} ms beside a local one`,
    expect: [], tolerate: [],
    write: async (dir) => [pcap(dir, `remote-${seed}.pcap`, b)],
  };
});

export const shortHealthyCapture = story("short-capture", "confounder", (d, seed) => {
  const perSec = Math.round(d.log(15, 80));
  const from = T0 + d.int(300, 900);
  const seconds = d.int(60, 180);
  const b = new CaptureBuilder();
  clients(b, d, { startS: from, seconds, qps: Math.round(d.log(20, 120)), server: `10.0.0.${d.int(2, 99)}` });
  return {
    description: `a ${seconds} s capture of healthy DNS inside a 20-minute flow log: nothing to compare it with, nothing wrong in it`,
    expect: [], tolerate: [],
    write: async (dir) => [await flows(dir, seed, 20, perSec), pcap(dir, `short-${seed}.pcap`, b)],
  };
});

export const STORIES: Story[] = [synStorm, rstBurst, conntrack, resolverLimit, dnsLoop, tcpUpstream, tailLatency, degradedCapture, queryMix, quietRollout];
export const CONFOUNDERS: Story[] = [busyDay, trafficSpike, answeredScan, slowRemoteResolver, shortHealthyCapture];

/**
 * Seeds 1–99 are for development and the tests; the evaluation draws from 10 000 up, which no
 * threshold was tuned against.
 */
export const DEVELOPMENT_SEEDS = [1, 2, 3];
export const evaluationSeeds = (count: number) => Array.from({ length: count }, (_, i) => 10_000 + i);

/**
 * The suite as makers, one scenario at a time: a scenario holds its evidence in memory until it
 * is written, and two hundred of them at once do not fit.
 */
export function scenarioSuite(seeds: number[]): Array<{ story: string; seed: number; make: () => Scenario }> {
  return seeds.flatMap((seed) => [...STORIES, ...CONFOUNDERS].map((make) => ({ story: make.storyName, seed, make: () => make(seed) })));
}

export type { Expectation, Scenario };
