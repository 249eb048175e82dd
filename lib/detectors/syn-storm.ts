// SYN storm to an unresponsive destination (docs/incidents.md, incident 1): many SYN-only flows to one
// address and no SYN-ACK back — clients re-dialling a deleted pod IP. The rollups flag 10 s
// buckets where SYNs outnumber SYN-ACKs far beyond the incident's own baseline (or make up most
// SYNs outright); raw flows are read only inside those windows to name the destination, the
// clients and how often each re-dials.
import { around, between, markerSentence, markersNear, n, slash } from "./describe";
import { FLOW_STEP_MS, flowBuckets, PKT_DST, PKT_SRC } from "./flow-buckets";
import { clamp01, mad, median, toRuns, type Run } from "./stats";
import type { DetectedFinding, Detector, DetectorContext } from "./types";

/** At least 10 unanswered SYNs per second on average over a bucket. */
const FLOOR = 10 * (FLOW_STEP_MS / 1000);
/** SYN-ACKs back below this share of the SYNs: nothing answers. */
const MAX_SYNACK_SHARE = 0.05;

interface Client { client: string; n: string; packets: string; first: string; last: string }

export const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

async function inspect(ctx: DetectorContext, run: Run, excess: number): Promise<DetectedFinding[]> {
  const scope = [ctx.uploads.flows, run.from - FLOW_STEP_MS, run.to + FLOW_STEP_MS];
  const where = `upload_id = ANY($1::uuid[]) AND start_ms >= $2 AND start_ms < $3`;
  const { rows: targets } = await ctx.db.query<{ target: string; flows: string; port: number | null }>(
    `SELECT host(${PKT_DST}) AS target, count(*) AS flows, mode() WITHIN GROUP (ORDER BY dst_port) AS port
       FROM flow_records WHERE ${where} AND flag_class = 0 AND ${PKT_DST} IS NOT NULL
      GROUP BY 1 ORDER BY 2 DESC LIMIT 3`,
    scope,
  );
  const found: DetectedFinding[] = [];
  for (const t of targets.filter((x) => Number(x.flows) >= Math.max(FLOOR, 0.3 * excess)).slice(0, 2)) {
    const [{ rows: back }, { rows: clients }] = await Promise.all([
      ctx.db.query<{ synacks: string }>(`SELECT count(*) AS synacks FROM flow_records WHERE ${where} AND flag_class = 1 AND ${PKT_SRC} = $4::inet`, [...scope, t.target]),
      ctx.db.query<Client>(
        `SELECT host(${PKT_SRC}) AS client, count(*) AS n, sum(coalesce(packets, 1)) AS packets, min(start_ms) AS first, max(start_ms) AS last
           FROM flow_records WHERE ${where} AND flag_class = 0 AND ${PKT_DST} = $4::inet GROUP BY 1 ORDER BY 2 DESC`,
        [...scope, t.target],
      ),
    ]);
    const flows = clients.reduce((a, c) => a + Number(c.n), 0);
    const synacks = Number(back[0]?.synacks ?? 0);
    if (flows === 0 || synacks > MAX_SYNACK_SHARE * flows) continue;
    const packets = clients.reduce((a, c) => a + Number(c.packets), 0);
    const from = Math.min(...clients.map((c) => Number(c.first)));
    const to = Math.max(...clients.map((c) => Number(c.last))) + 1000;
    const perSecond = flows / ((to - from) / 1000);
    const gaps = clients.filter((c) => Number(c.n) >= 3).map((c) => (Number(c.last) - Number(c.first)) / (Number(c.n) - 1));
    const interval = gaps.length ? median(gaps) : null;
    const port = t.port ?? undefined;
    const markers = markersNear(ctx, from, to);
    const dest = port === undefined ? t.target : `${t.target} port ${port}`;
    found.push({
      detector: "syn-storm",
      subject: `${t.target}:${port ?? "*"}`,
      title: `SYN storm to ${t.target}${port === undefined ? "" : `:${port}`}: nothing answers`,
      explanation:
        `${n(clients.length)} clients sent ${n(flows)} SYN-only flows (${n(packets)} packets, about ${n(perSecond)} per second) to ${dest} ` +
        `${between(from, to)}, and ${synacks === 0 ? "not one SYN-ACK came back" : `only ${n(synacks)} SYN-ACKs came back`}: ` +
        `nothing is listening at that address (a deleted pod IP?).` +
        (interval === null ? "" : ` Each client re-dialled about every ${fmtMs(interval)};`) +
        ` every attempt holds a conntrack entry until it times out.${markerSentence(markers)}`,
      from, to,
      severity: perSecond >= 100 || flows >= 10_000 ? "critical" : "warning",
      confidence: clamp01(0.6 + 0.2 * (1 - synacks / (MAX_SYNACK_SHARE * flows)) + 0.2 * Math.min(1, clients.length / 10)),
      evidence: {
        panel: "flows",
        query: { ...around(from, to), dst: slash(t.target), groupBy: "flag" },
        subject: { kind: "destination", value: t.target, ...(port === undefined ? {} : { port }) },
        clients: clients.slice(0, 10).map((c) => c.client),
        markers,
        facts: { synFlows: flows, synPackets: packets, synAcks: synacks, clients: clients.length, perSecond: Math.round(perSecond), reconnectIntervalMs: interval === null ? null : Math.round(interval) },
      },
    });
  }
  return found;
}

export const synStorm: Detector = {
  id: "syn-storm",
  needs: ["flows"],
  async detect(ctx) {
    const rows = [...(await flowBuckets(ctx))].map(([b, c]) => ({ b, syn: c[0] ?? 0, excess: Math.max(0, (c[0] ?? 0) - (c[1] ?? 0)) }));
    if (rows.length === 0) return [];
    const base = median(rows.map((r) => r.excess));
    const limit = base + Math.max(6 * mad(rows.map((r) => r.excess)), 0.25 * median(rows.map((r) => r.syn)));
    const flagged = rows.filter((r) => r.excess >= FLOOR && (r.excess > limit || r.excess >= 0.5 * r.syn));
    const excessOf = (run: Run) => flagged.filter((r) => r.b >= run.from && r.b < run.to).reduce((a, r) => a + r.excess - base, 0);
    const runs = toRuns(flagged.map((r) => r.b), FLOW_STEP_MS, 30_000)
      .map((run) => ({ run, excess: excessOf(run) }))
      .sort((a, b) => b.excess - a.excess)
      .slice(0, 3);
    const found: DetectedFinding[] = [];
    for (const { run, excess } of runs) found.push(...(await inspect(ctx, run, excess)));
    return found;
  },
};
