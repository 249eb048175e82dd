// Metric series for a panel: one line per label set. Aggregated per bucket (avg by default); when
// the step equals the export's own interval, or the raw points already fit, the exported points
// come back exactly as they were (their own timestamps, their own values).
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { ZRangeQuery, densePoints, resolveBuckets } from "./range";
import { seriesScope, type TSeries, type TSeriesResponse } from "./series";
import { METRIC_KINDS } from "@/lib/evidence/families";

const RESERVED = new Set(["name", "agg", "from", "to", "step", "maxPoints"]);

export const ZMetricSeriesQuery = ZRangeQuery.extend({
  name: z.string().trim().min(1, "name is required: which metric to draw"),
  agg: z.enum(["avg", "max", "min", "sum", "last"]).default("avg"),
});
export type TMetricSeriesQuery = z.infer<typeof ZMetricSeriesQuery> & { labels: Record<string, string> };

/** Splits query parameters into the typed query and label filters (every other parameter). */
export function parseMetricQuery(params: Record<string, string>): TMetricSeriesQuery {
  const labels = Object.fromEntries(Object.entries(params).filter(([k]) => !RESERVED.has(k)));
  return { ...ZMetricSeriesQuery.parse(params), labels };
}

const AGG_SQL = { avg: "avg(p.value)", max: "max(p.value)", min: "min(p.value)", sum: "sum(p.value)", last: "(array_agg(p.value ORDER BY p.ts DESC))[1]" };

function seriesLabel(name: string, labels: Record<string, string>): string {
  const inner = Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(", ");
  return inner ? `${name}{${inner}}` : name;
}

export async function metricSeries(incidentId: string, q: TMetricSeriesQuery): Promise<TSeriesResponse> {
  const { range, uploads } = await seriesScope(incidentId, METRIC_KINDS);
  const { rows: found } = await db.pool.query<{ label_key: string; labels: Record<string, string>; unit: string | null; interval: string | null; points: string }>(
    `SELECT label_key, min(labels::text)::jsonb AS labels, min(unit) AS unit, min(interval_ms) AS interval, sum(points) AS points
       FROM metric_series WHERE upload_id = ANY($1::uuid[]) AND name = $2 AND labels @> $3::jsonb
      GROUP BY label_key ORDER BY label_key`,
    [uploads, q.name, JSON.stringify(q.labels)],
  );
  const buckets = resolveBuckets(q, range);
  const intervals = new Set(found.map((f) => Number(f.interval)));
  const interval = intervals.size === 1 ? [...intervals][0]! : null;
  const totalPoints = found.reduce((a, f) => a + Number(f.points), 0);
  const raw = interval !== null && interval > 0 && (q.step === interval || (q.step === undefined && totalPoints <= (q.maxPoints ?? 1000)));

  const params: unknown[] = [uploads, q.name, JSON.stringify(q.labels), buckets.from, buckets.to];
  if (!raw) params.push(buckets.step);
  const bucketExpr = raw ? "p.ts" : "(p.ts / $6) * $6";
  const valueExpr = raw ? "p.value" : AGG_SQL[q.agg];
  const { rows } = found.length
    ? await db.pool.query<{ label_key: string; b: string; v: number }>(
        `SELECT s.label_key, ${bucketExpr} AS b, ${valueExpr} AS v
           FROM metric_points p JOIN metric_series s USING (upload_id, series_id)
          WHERE p.upload_id = ANY($1::uuid[]) AND s.name = $2 AND s.labels @> $3::jsonb AND p.ts >= $4 AND p.ts < $5
          ${raw ? "ORDER BY 1, 2" : "GROUP BY 1, 2"}`,
        params,
      )
    : { rows: [] };

  const byKey = new Map<string, Map<number, number>>();
  for (const r of rows) (byKey.get(r.label_key) ?? byKey.set(r.label_key, new Map()).get(r.label_key)!).set(Number(r.b), r.v);
  const series: TSeries[] = found.map((f) => {
    const values = byKey.get(f.label_key) ?? new Map<number, number>();
    return {
      key: f.label_key || q.name,
      label: seriesLabel(q.name, f.labels),
      unit: f.unit ?? "",
      points: raw ? [...values].map(([t, v]) => [t, v] as [number, number]) : densePoints(buckets, values, null),
    };
  });
  return { from: buckets.from, to: buckets.to, step: raw ? interval! : buckets.step, series };
}
