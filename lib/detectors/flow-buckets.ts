// Flow counts per 10 s bucket and flag class, from the per-second rollups (no raw scan). Shared
// by the SYN-storm and RST-burst detectors, which then read raw flows only inside flagged windows.
import type { DetectorContext } from "./types";

export const FLOW_STEP_MS = 10_000;

/** Bucket start (epoch ms) → flows per flag class (index = lib/flows/codes flag_class). */
export type FlowBuckets = Map<number, number[]>;

export function flowBuckets(ctx: DetectorContext): Promise<FlowBuckets> {
  return ctx.memo("flow-buckets", async () => {
    const { rows } = await ctx.db.query<{ b: string; c: number; flows: string }>(
      `SELECT (ts / $2) * $2 AS b, flag_class AS c, sum(flows) AS flows
         FROM flow_rollups WHERE upload_id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [ctx.uploads.flows, FLOW_STEP_MS],
    );
    const buckets: FlowBuckets = new Map();
    for (const r of rows) {
      const b = Number(r.b);
      const counts = buckets.get(b) ?? buckets.set(b, [0, 0, 0, 0, 0, 0]).get(b)!;
      counts[r.c] = (counts[r.c] ?? 0) + Number(r.flows);
    }
    return buckets;
  });
}

/** Endpoint of a flow as the packet saw it (EKS pods: pkt-* differ from the node's ENI address). */
export const PKT_SRC = "coalesce(pkt_src, src)";
export const PKT_DST = "coalesce(pkt_dst, dst)";
