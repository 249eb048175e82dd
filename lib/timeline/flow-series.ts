// Flows over time, grouped by TCP flag class, direction or action. Answered from the per-second
// rollups unless a filter (address, port, interface) needs the raw flow rows.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { ACTIONS, DIRECTIONS } from "@/lib/flows/codes";
import { FLAG_CLASSES } from "@/lib/flows/flag-class";
import { parseCidr } from "@/lib/flows/ip";
import { ZRangeQuery, densePoints, resolveBuckets } from "./range";
import type { TSeries, TSeriesResponse } from "./series";
import { evidenceRange, readyUploadIds } from "./evidence-range";

export const FLOW_KINDS = ["aws-vpc-flow", "aws-vpc-flow-cloudwatch", "flow-csv", "gcp-vpc-flow"];

const cidr = z.string().transform((v, ctx) => parseCidr(v) ?? (ctx.addIssue({ code: "custom", message: `"${v}" is not an IP address or CIDR` }), z.NEVER));

export const ZFlowSeriesQuery = ZRangeQuery.extend({
  groupBy: z.enum(["flag", "direction", "action"]).default("flag"),
  metric: z.enum(["flows", "packets", "bytes"]).default("flows"),
  src: cidr.optional(),
  dst: cidr.optional(),
  port: z.coerce.number().int().min(0).max(65535).optional(),
  interface: z.string().trim().min(1).max(64).optional(),
});
export type TFlowSeriesQuery = z.infer<typeof ZFlowSeriesQuery>;

const FLAG_LABELS: Record<string, string> = { syn: "SYN", synack: "SYN-ACK", rst: "RST", fin: "FIN", other: "Other flags", none: "No flags" };
const GROUPS = {
  flag: { column: "flag_class", keys: FLAG_CLASSES as readonly string[], label: (k: string) => FLAG_LABELS[k]! },
  direction: { column: "direction", keys: DIRECTIONS as readonly string[], label: (k: string) => (k === "unknown" ? "Direction unknown" : k) },
  action: { column: "action", keys: ACTIONS as readonly string[], label: (k: string) => (k === "unknown" ? "Action unknown" : k) },
};

function rawFilters(q: TFlowSeriesQuery, params: unknown[]): string {
  const where: string[] = [];
  const add = (value: unknown) => `$${params.push(value)}`;
  if (q.src) where.push(`(src <<= ${add(q.src)}::inet OR pkt_src <<= $${params.length}::inet)`);
  if (q.dst) where.push(`(dst <<= ${add(q.dst)}::inet OR pkt_dst <<= $${params.length}::inet)`);
  if (q.port !== undefined) where.push(`(src_port = ${add(q.port)} OR dst_port = $${params.length})`);
  if (q.interface) where.push(`interface_id = ${add(q.interface)}`);
  return where.map((w) => ` AND ${w}`).join("");
}

export async function flowSeries(incidentId: string, q: TFlowSeriesQuery): Promise<TSeriesResponse> {
  const buckets = resolveBuckets(q, await evidenceRange(incidentId, FLOW_KINDS));
  const uploads = await readyUploadIds(incidentId, FLOW_KINDS);
  const group = GROUPS[q.groupBy];
  const params: unknown[] = [uploads, buckets.step, buckets.from, buckets.to];
  const filtered = q.src || q.dst || q.port !== undefined || q.interface;
  const sql = filtered
    ? `SELECT (start_ms / $2) * $2 AS b, ${group.column} AS g, ${q.metric === "flows" ? "count(*)" : `sum(coalesce(${q.metric}, 0))`} AS v
         FROM flow_records WHERE upload_id = ANY($1::uuid[]) AND start_ms >= $3 AND start_ms < $4${rawFilters(q, params)}
        GROUP BY 1, 2`
    : `SELECT (ts / $2) * $2 AS b, ${group.column} AS g, sum(${q.metric}) AS v
         FROM flow_rollups WHERE upload_id = ANY($1::uuid[]) AND ts >= $3 AND ts < $4
        GROUP BY 1, 2`;
  const rows = uploads.length ? (await db.pool.query<{ b: string; g: number; v: string }>(sql, params)).rows : [];

  const byKey = new Map<number, Map<number, number>>();
  for (const r of rows) {
    const m = byKey.get(r.g) ?? byKey.set(r.g, new Map()).get(r.g)!;
    m.set(Number(r.b), Number(r.v));
  }
  const series: TSeries[] = group.keys.flatMap((key, code) => {
    const values = byKey.get(code);
    // "unknown" direction/action only appears when some evidence lacks the field.
    if (key === "unknown" && !values) return [];
    return [{ key, label: group.label(key), unit: q.metric, points: densePoints(buckets, values ?? new Map(), 0) }];
  });
  return { from: buckets.from, to: buckets.to, step: buckets.step, series };
}
