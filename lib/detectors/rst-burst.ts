// RST burst from one destination: a server resetting its connections all at once (a pod's
// graceful-stop window ending with connections still open). The rollups flag 10 s buckets whose
// RST flows are well above the incident's own baseline; raw flows inside the window name the
// address sending the RSTs (the subject: the server its clients connect to; the evidence query
// filters on it as the source) and the peers that received them.
import { around, between, markerSentence, markersNear, n, slash } from "./describe";
import { FLOW_STEP_MS, flowBuckets, PKT_DST, PKT_SRC } from "./flow-buckets";
import { clamp01, mad, median, toRuns } from "./stats";
import type { DetectedFinding, Detector } from "./types";

/** At least 5 RST flows per second on average over a bucket. */
const FLOOR = 5 * (FLOW_STEP_MS / 1000);

export const rstBurst: Detector = {
  id: "rst-burst",
  needs: ["flows"],
  async detect(ctx) {
    const rows = [...(await flowBuckets(ctx))].map(([b, c]) => ({ b, rst: c[2] ?? 0, all: c.reduce((a, x) => a + x, 0) }));
    if (rows.length === 0) return [];
    const base = median(rows.map((r) => r.rst));
    const limit = base + Math.max(6 * mad(rows.map((r) => r.rst)), base);
    const flagged = rows.filter((r) => r.rst >= FLOOR && (r.rst > limit || r.rst >= 0.3 * r.all));
    const runs = toRuns(flagged.map((r) => r.b), FLOW_STEP_MS, 20_000)
      .map((run) => ({ run, excess: flagged.filter((r) => r.b >= run.from && r.b < run.to).reduce((a, r) => a + r.rst - base, 0) }))
      .sort((a, b) => b.excess - a.excess)
      .slice(0, 3);

    const found: DetectedFinding[] = [];
    for (const { run, excess } of runs) {
      const { rows: senders } = await ctx.db.query<{ sender: string; flows: string; peers: string; port: number | null; first: string; last: string }>(
        `SELECT host(${PKT_SRC}) AS sender, count(*) AS flows, count(DISTINCT ${PKT_DST}) AS peers,
                mode() WITHIN GROUP (ORDER BY src_port) AS port, min(start_ms) AS first, max(start_ms) AS last
           FROM flow_records
          WHERE upload_id = ANY($1::uuid[]) AND start_ms >= $2 AND start_ms < $3 AND flag_class = 2 AND ${PKT_SRC} IS NOT NULL
          GROUP BY 1 ORDER BY 2 DESC LIMIT 3`,
        [ctx.uploads.flows, run.from - FLOW_STEP_MS, run.to + FLOW_STEP_MS],
      );
      const top = senders[0];
      if (!top || Number(top.flows) < Math.max(FLOOR, 0.4 * excess)) continue;
      const flows = Number(top.flows);
      const from = Number(top.first);
      const to = Number(top.last) + 1000;
      const perSecond = flows / ((to - from) / 1000);
      const markers = markersNear(ctx, from, to);
      const port = top.port ?? undefined;
      found.push({
        detector: "rst-burst",
        subject: top.sender,
        title: `RST burst from ${top.sender}${port === undefined ? "" : `:${port}`}`,
        explanation:
          `${top.sender} reset ${n(flows)} connections to ${n(Number(top.peers))} peers ${between(from, to)} ` +
          `(about ${n(perSecond)} RST flows per second; the incident's usual level is ${n(base / (FLOW_STEP_MS / 1000))} per second for all addresses). ` +
          `A server closing every open connection at once is typical of a pod stopping before its clients moved away (graceful-stop window too short).` +
          markerSentence(markers),
        from, to,
        severity: flows >= 1000 || perSecond >= 100 ? "critical" : "warning",
        confidence: clamp01(0.5 + 0.3 * Math.min(1, flows / Math.max(1, excess)) + (markers.length ? 0.15 : 0)),
        evidence: {
          panel: "flows",
          query: { ...around(from, to), src: slash(top.sender), groupBy: "flag" },
          subject: { kind: "destination", value: top.sender, ...(port === undefined ? {} : { port }) },
          markers,
          facts: { rstFlows: flows, peers: Number(top.peers), perSecond: Math.round(perSecond), baselinePerSecond: base / (FLOW_STEP_MS / 1000) },
        },
      });
    }
    return found;
  },
};
