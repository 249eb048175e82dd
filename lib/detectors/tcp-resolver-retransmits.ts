// TCP to a resolver failing (docs/incidents.md, incident 2): SYN retransmissions toward port 53 — a
// resolver forwarding over TCP (force_tcp) whose connects are not answered, so queries wait for
// seconds. Reads the per-destination SYN rollup written at capture ingest (tcp_syn_rollups);
// seconds with retransmissions, less than 10 s apart, form a run; ≥ 10 retransmissions make a finding.
import { around, between, n } from "./describe";
import { dnsBuckets } from "./dns-data";
import { clamp01, median, toRuns } from "./stats";
import type { DetectedFinding, Detector } from "./types";

const MIN_RETRANSMISSIONS = 10;

export const tcpResolverRetransmits: Detector = {
  id: "tcp-resolver-retransmits",
  needs: ["captures"],
  async detect(ctx) {
    const { rows } = await ctx.db.query<{ ts: string; dst: string; syns: string; rtx: string }>(
      `SELECT ts, host(dst) AS dst, sum(syns) AS syns, sum(syn_retransmissions) AS rtx
         FROM tcp_syn_rollups WHERE upload_id = ANY($1::uuid[]) AND dst_port = 53 GROUP BY 1, 2`,
      [ctx.uploads.captures],
    );
    const byDst = new Map<string, Map<number, { syns: number; rtx: number }>>();
    for (const r of rows) {
      const secs = byDst.get(r.dst) ?? byDst.set(r.dst, new Map()).get(r.dst)!;
      secs.set(Number(r.ts), { syns: Number(r.syns), rtx: Number(r.rtx) });
    }
    const found: DetectedFinding[] = [];
    for (const [dst, secs] of byDst) {
      const flagged = [...secs].filter(([, c]) => c.rtx > 0).map(([t]) => t);
      for (const run of toRuns(flagged, 1000, 10_000)) {
        const cells = [...secs].filter(([t]) => t >= run.from && t < run.to).map(([, c]) => c);
        const rtx = cells.reduce((a, c) => a + c.rtx, 0);
        if (rtx < MIN_RETRANSMISSIONS) continue;
        const syns = cells.reduce((a, c) => a + c.syns, 0);
        const peak = Math.max(...cells.map((c) => c.rtx));
        const p90s = (await dnsBuckets(ctx)).filter((b) => b.b + 10_000 > run.from && b.b < run.to && b.p90 !== null).map((b) => b.p90!);
        const p90 = p90s.length ? median(p90s) : null;
        found.push({
          detector: "tcp-resolver-retransmits", subject: `${dst}:53`, from: run.from, to: run.to,
          title: `TCP to resolver ${dst}:53 failing: ${n(rtx)} SYN retransmissions`,
          explanation:
            `${n(rtx)} of ${n(syns)} SYNs toward ${dst} port 53 were retransmissions ${between(run.from, run.to)} (up to ${n(peak)} in one second): ` +
            `TCP connections to the resolver were not being set up. A DNS forwarder that must use TCP (force_tcp) then holds every query ` +
            `for seconds.` + (p90 === null ? "" : ` DNS p90 latency in the captures at the same time: ${n(p90)} ms.`),
          severity: rtx >= 50 ? "critical" : "warning",
          confidence: clamp01(0.6 + 0.3 * Math.min(1, rtx / 70) + (p90 !== null && p90 >= 1000 ? 0.1 : 0)),
          evidence: {
            panel: "packets", query: around(run.from, run.to), subject: { kind: "resolver", value: dst, port: 53 },
            also: [{ panel: "dns", query: around(run.from, run.to) }],
            facts: { synRetransmissions: rtx, syns, peakPerSecond: peak, dnsP90Ms: p90 === null ? null : Math.round(p90) },
          },
        });
      }
    }
    return found.sort((a, b) => Number(b.evidence.facts.synRetransmissions) - Number(a.evidence.facts.synRetransmissions)).slice(0, 5);
  },
};
