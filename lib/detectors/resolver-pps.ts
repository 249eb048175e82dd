// Resolver packet-rate ceiling (docs/incidents.md, incident 3): the AWS VPC resolver answers at most
// 1,024 packets/s per network interface and silently drops the rest. Packets/s to each resolver
// come from the captures' DNS transactions (queries + retries per second: a close proxy for query
// packets); seconds at ≥ 80 % of the limit form a finding. The ENA counter
// linklocal_allowance_exceeded increasing is the same limit seen from the instance: it confirms a
// packet-rate finding, and is a finding of its own when no capture covers it.
import { around, between, n } from "./describe";
import { dnsProfile } from "./dns-data";
import { metricPoints, typicalInterval } from "./metric-points";
import { increaseEpisodes, toRuns } from "./stats";
import type { DetectedFinding, Detector, DetectorContext } from "./types";

export const RESOLVER_PPS_LIMIT = 1024;
const NEAR = 0.8;

interface Drop { metric: string; from: number; to: number; increase: number }

async function linklocalDrops(ctx: DetectorContext): Promise<Drop[]> {
  const series = await metricPoints(ctx, "linklocal_allowance_exceeded");
  return series.flatMap((s) => increaseEpisodes(s.points, 3 * typicalInterval(s.points)).map((e) => ({ metric: s.name, ...e })));
}

async function packetRate(ctx: DetectorContext, drops: Drop[]): Promise<DetectedFinding[]> {
  const perServer = new Map<string, Map<number, number>>();
  for (const r of await dnsProfile(ctx)) {
    const secs = perServer.get(r.server) ?? perServer.set(r.server, new Map()).get(r.server)!;
    secs.set(r.sec, (secs.get(r.sec) ?? 0) + r.queries + r.retries);
  }
  const found: DetectedFinding[] = [];
  for (const [server, secs] of perServer) {
    const near = [...secs].filter(([, p]) => p >= NEAR * RESOLVER_PPS_LIMIT).map(([s]) => s * 1000);
    for (const run of toRuns(near, 1000, 5000).sort((a, b) => b.buckets.length - a.buckets.length).slice(0, 3)) {
      const rates = run.buckets.map((t) => secs.get(t / 1000)!);
      const peak = Math.max(...rates);
      const over = rates.filter((p) => p >= RESOLVER_PPS_LIMIT).length;
      const confirm = drops.filter((d) => d.from <= run.to + 60_000 && d.to >= run.from - 60_000);
      const dropped = confirm.reduce((a, d) => a + d.increase, 0);
      found.push({
        detector: "resolver-pps", subject: server, from: run.from, to: run.to,
        title: `Packets to resolver ${server} at ${n(peak)}/s — the VPC resolver limit is ${n(RESOLVER_PPS_LIMIT)}/s`,
        explanation:
          `The captures sent up to ${n(peak)} DNS query packets per second to ${server} ${between(run.from, run.to)} ` +
          `(${rates.length} seconds at or above ${pct80()} of the limit, ${over} above it). The AWS VPC resolver accepts at most ` +
          `${n(RESOLVER_PPS_LIMIT)} packets per second per network interface and drops the rest without an answer, which clients see as timeouts ` +
          `and retry — making it worse.` +
          (dropped > 0 ? ` ${confirm[0]!.metric} rose by ${n(dropped)} at the same time: packets were dropped.` : ""),
        severity: over > 0 || dropped > 0 ? "critical" : "warning",
        confidence: dropped > 0 ? 0.95 : over > 0 ? 0.75 : 0.55,
        evidence: {
          panel: "dns", query: around(run.from, run.to), subject: { kind: "resolver", value: server, port: 53 },
          ...(confirm.length ? { also: [{ panel: "metrics" as const, query: { ...around(run.from, run.to), name: confirm[0]!.metric, agg: "max" } }], metrics: [confirm[0]!.metric] } : {}),
          facts: { peakPacketsPerSecond: peak, secondsNearLimit: rates.length, secondsOverLimit: over, limit: RESOLVER_PPS_LIMIT, linklocalDropped: dropped },
        },
      });
    }
  }
  return found;
}

const pct80 = () => `${Math.round(NEAR * 100)} %`;

export const resolverPps: Detector = {
  id: "resolver-pps",
  needs: ["captures", "metrics"],
  async detect(ctx) {
    const drops = await linklocalDrops(ctx);
    const found = ctx.uploads.captures.length ? await packetRate(ctx, drops) : [];
    for (const d of drops) {
      if (found.some((f) => f.from <= d.to + 60_000 && f.to >= d.from - 60_000)) continue;
      found.push({
        detector: "resolver-pps", subject: d.metric, from: d.from, to: d.to,
        title: `Link-local allowance exceeded: ${n(d.increase)} packets dropped`,
        explanation:
          `The ENA counter ${d.metric} rose by ${n(d.increase)} ${between(d.from, d.to)}: packets to link-local services — the VPC DNS ` +
          `resolver above all — went over ${n(RESOLVER_PPS_LIMIT)} per second on an interface and were dropped. Flow logs do not show this traffic; ` +
          `a capture of DNS on the node would show which resolver and which names.`,
        severity: "critical",
        confidence: 0.9,
        evidence: {
          panel: "metrics", query: { ...around(d.from, d.to), name: d.metric, agg: "max" }, subject: { kind: "metric", value: d.metric },
          metrics: [d.metric], facts: { increase: d.increase, limit: RESOLVER_PPS_LIMIT },
        },
      });
    }
    return found;
  },
};
