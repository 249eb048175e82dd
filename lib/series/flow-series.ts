// Flows over time, grouped by TCP flag class, direction or action. Answered from the per-second
// rollups unless a filter (address, port, interface) needs the raw flow rows.
//
// Both read the uploads' own partitions (series.ts) and bucket with integer arithmetic on epoch
// ms. Sums are taken as float8: exact for integers below 2^53 (what a JS number holds anyway),
// a little cheaper than sum(bigint) and its numeric result.
import "server-only";
import { z } from "zod";
import { parseCidr } from "@/lib/flows/ip";
import { FLOW_KINDS } from "@/lib/evidence/families";
import { FLOW_GROUP_KEYS, ZFlowSeriesQuery, type TFlowGroup, type TFlowSeriesQuery, type TSeriesColumn, type TSeriesColumns } from "@/lib/schemas/series";
import { bucketIndex, emptyColumn, resolveBuckets } from "./range";
import { bucketAnswer, evidenceQuery, seriesScope } from "./series";

/** An address or CIDR as node's parser reads it (the shared schemas check their characters only). */
export const ZCidrChecked = z.string().transform((v, ctx) => parseCidr(v) ?? (ctx.addIssue({ code: "custom", message: `"${v}" is not an IP address or CIDR` }), z.NEVER));

/** The flows query with its addresses checked by node's parser (the shared schema checks their characters only). */
export const ZFlowSeriesQueryChecked = ZFlowSeriesQuery.extend({ src: ZCidrChecked.optional(), dst: ZCidrChecked.optional() });

const FLAG_LABELS: Record<string, string> = { syn: "SYN", synack: "SYN-ACK", rst: "RST", fin: "FIN", other: "Other flags", none: "No flags" };
const GROUPS: Record<TFlowGroup, { column: string; label: (k: string) => string }> = {
  flag: { column: "flag_class", label: (k) => FLAG_LABELS[k]! },
  direction: { column: "direction", label: (k) => (k === "unknown" ? "Direction unknown" : k) },
  action: { column: "action", label: (k) => (k === "unknown" ? "Action unknown" : k) },
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

export async function flowSeries(incidentId: string, q: TFlowSeriesQuery): Promise<TSeriesColumns> {
  const { range, uploads } = await seriesScope(incidentId, FLOW_KINDS);
  const buckets = resolveBuckets(q, range);
  const group = GROUPS[q.groupBy];
  const keys = FLOW_GROUP_KEYS[q.groupBy];
  const params: unknown[] = [buckets.step, buckets.from, buckets.to];
  const filtered = q.src || q.dst || q.port !== undefined || q.interface;
  const filters = filtered ? rawFilters(q, params) : "";
  // One row per time bucket with a column per group key (v0, v1, …): a sixth of the rows to hash
  // and to send of GROUP BY bucket, key. A key without rows in a bucket is NULL there.
  const perKey = keys.map((_, code) => `sum(v) FILTER (WHERE g = ${code}) AS v${code}`).join(", ");
  const rows = await evidenceQuery<Record<string, string | number | null> & { b: string }>(uploads, params, (source) =>
    filtered
      ? `SELECT (t / $1) * $1 AS b, ${perKey}
           FROM ${source("flow_records", `start_ms AS t, ${group.column} AS g, ${q.metric === "flows" ? "1::float8" : `coalesce(${q.metric}, 0)::float8`} AS v`,
             `start_ms >= $2 AND start_ms < $3${filters}`)} r
          GROUP BY 1`
      : // Per second first — a streaming aggregate over the ts index order, no hashing of every
        // rollup row — then the seconds into buckets.
        `SELECT (ts / $1) * $1 AS b, ${keys.map((_, code) => `sum(v${code}) AS v${code}`).join(", ")}
           FROM (SELECT ts, ${perKey}
                   FROM ${source("flow_rollups", `ts, ${group.column} AS g, ${q.metric}::float8 AS v`, "ts >= $2 AND ts < $3")} r
                  GROUP BY ts) s
          GROUP BY 1`,
  );

  // The rows are the buckets already: each value goes straight into its key's column (no map per
  // key, no point pairs), which the API sends as is or as points.
  const names = keys.map((_, code) => `v${code}`);
  const columns = keys.map(() => emptyColumn(buckets, 0));
  const seen = keys.map(() => false);
  for (const r of rows) {
    const i = bucketIndex(buckets, Number(r.b));
    for (let code = 0; code < names.length; code++) {
      const v = r[names[code]!];
      if (v === null || v === undefined) continue;
      seen[code] = true;
      if (i >= 0) columns[code]![i] = Number(v);
    }
  }
  const series: TSeriesColumn[] = keys.flatMap((key, code) =>
    // "unknown" direction/action only appears when some evidence lacks the field.
    key === "unknown" && !seen[code] ? [] : [{ key, label: group.label(key), unit: q.metric, values: columns[code]! }],
  );
  return bucketAnswer(buckets, series);
}
