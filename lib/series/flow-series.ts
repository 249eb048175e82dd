// Flows over time, grouped by TCP flag class, direction or action. Answered from the per-second
// rollups unless a filter (address, port, interface) needs the raw flow rows.
//
// Both read the uploads' own partitions (series.ts) and bucket with integer arithmetic on epoch
// ms. Sums are taken as float8: exact for integers below 2^53 (what a JS number holds anyway),
// a little cheaper than sum(bigint) and its numeric result.
import "server-only";
import { z } from "zod";
import { ACTIONS, DIRECTIONS } from "@/lib/flows/codes";
import { FLAG_CLASSES } from "@/lib/flows/flag-class";
import { parseCidr } from "@/lib/flows/ip";
import { FLOW_KINDS } from "@/lib/evidence/families";
import { ZRangeQuery, densePoints, resolveBuckets } from "./range";
import { evidenceQuery, seriesScope, type TSeries, type TSeriesResponse } from "./series";


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
  const { range, uploads } = await seriesScope(incidentId, FLOW_KINDS);
  const buckets = resolveBuckets(q, range);
  const group = GROUPS[q.groupBy];
  const params: unknown[] = [buckets.step, buckets.from, buckets.to];
  const filtered = q.src || q.dst || q.port !== undefined || q.interface;
  const filters = filtered ? rawFilters(q, params) : "";
  // One row per time bucket with a column per group key (v0, v1, …): a sixth of the rows to hash
  // and to send of GROUP BY bucket, key. A key without rows in a bucket is NULL there.
  const perKey = group.keys.map((_, code) => `sum(v) FILTER (WHERE g = ${code}) AS v${code}`).join(", ");
  const rows = await evidenceQuery<Record<string, string | null> & { b: string }>(uploads, params, (source) =>
    filtered
      ? `SELECT (t / $1) * $1 AS b, ${perKey}
           FROM ${source("flow_records", `start_ms AS t, ${group.column} AS g, ${q.metric === "flows" ? "1::float8" : `coalesce(${q.metric}, 0)::float8`} AS v`,
             `start_ms >= $2 AND start_ms < $3${filters}`)} r
          GROUP BY 1`
      : // Per second first — a streaming aggregate over the ts index order, no hashing of every
        // rollup row — then the seconds into buckets.
        `SELECT (ts / $1) * $1 AS b, ${group.keys.map((_, code) => `sum(v${code}) AS v${code}`).join(", ")}
           FROM (SELECT ts, ${perKey}
                   FROM ${source("flow_rollups", `ts, ${group.column} AS g, ${q.metric}::float8 AS v`, "ts >= $2 AND ts < $3")} r
                  GROUP BY ts) s
          GROUP BY 1`,
  );

  const series: TSeries[] = group.keys.flatMap((key, code) => {
    const values = new Map<number, number>();
    for (const r of rows) {
      const v = r[`v${code}`];
      if (v !== null && v !== undefined) values.set(Number(r.b), Number(v));
    }
    // "unknown" direction/action only appears when some evidence lacks the field.
    if (key === "unknown" && !values.size) return [];
    return [{ key, label: group.label(key), unit: q.metric, points: densePoints(buckets, values, 0) }];
  });
  return { from: buckets.from, to: buckets.to, step: buckets.step, series };
}
