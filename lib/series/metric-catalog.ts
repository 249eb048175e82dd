// The metrics an incident has, for the metric picker: one entry per name with its label sets.
import "server-only";
import { readQuery } from "@/lib/db";
import { readyUploadIds } from "./evidence-range";
import { METRIC_KINDS } from "@/lib/evidence/families";
import type { TMetricInfo } from "@/lib/schemas/series";
import { metricKind } from "@/lib/metric-kind";

export async function listMetrics(incidentId: string): Promise<TMetricInfo[]> {
  return catalogOf(await readyUploadIds(incidentId, METRIC_KINDS));
}

async function catalogOf(uploads: string[]): Promise<TMetricInfo[]> {
  if (!uploads.length) return [];
  const { rows } = await readQuery<{ name: string; unit: string | null; label_key: string; labels: Record<string, string>; points: string; first: string; last: string }>(
    `SELECT name, min(unit) AS unit, label_key, min(labels::text)::jsonb AS labels, sum(points) AS points, min(first_ms) AS first, max(last_ms) AS last
       FROM metric_series WHERE upload_id = ANY($1::uuid[]) GROUP BY name, label_key ORDER BY name, label_key`,
    [uploads],
  );
  const byName = new Map<string, TMetricInfo>();
  for (const r of rows) {
    const m = byName.get(r.name) ?? byName.set(r.name, { name: r.name, kind: metricKind(r.name), unit: r.unit, seriesCount: 0, labelKeys: [], points: 0, from: null, to: null, series: [] }).get(r.name)!;
    m.seriesCount++;
    m.points += Number(r.points);
    m.from = m.from === null ? Number(r.first) : Math.min(m.from, Number(r.first));
    m.to = m.to === null ? Number(r.last) : Math.max(m.to, Number(r.last));
    for (const k of Object.keys(r.labels)) if (!m.labelKeys.includes(k)) m.labelKeys.push(k);
    if (m.series.length < 200) m.series.push({ labels: r.labels });
  }
  return [...byName.values()];
}

/** A bound on the score, so that a series leaving zero does not dwarf every other by orders of magnitude. */
const MAX_CHANGE = 1000;

/**
 * The metrics sorted by how much they moved in `range` (the whole evidence without one), most
 * first, each with its `change`: (max − min) / |mean| of its most-moving series, taken on the
 * per-second rate for counters, since a counter's raw value always climbs.
 */
export async function rankMetricsByChange(incidentId: string, range: { from?: number; to?: number }): Promise<TMetricInfo[]> {
  const uploads = await readyUploadIds(incidentId, METRIC_KINDS);
  const metrics = await catalogOf(uploads);
  if (!metrics.length) return metrics;
  const counters = metrics.filter((m) => m.kind === "counter").map((m) => m.name);
  const { rows } = await readQuery<{ name: string; change: number | null }>(
    `WITH pts AS (
       SELECT s.name, s.upload_id, s.series_id, p.value, p.value - lag(p.value) OVER w AS dv, p.ts - lag(p.ts) OVER w AS dt
         FROM metric_points p JOIN metric_series s USING (upload_id, series_id)
        WHERE p.upload_id = ANY($1::uuid[]) AND s.upload_id = ANY($1::uuid[]) AND p.ts >= $2 AND p.ts < $3
       WINDOW w AS (PARTITION BY p.upload_id, p.series_id ORDER BY p.ts)
     ), vals AS (
       SELECT name, upload_id, series_id,
              CASE WHEN name = ANY($4::text[]) THEN CASE WHEN dt > 0 THEN (CASE WHEN dv >= 0 THEN dv ELSE value END) * 1000.0 / dt END ELSE value END AS v
         FROM pts
     ), per_series AS (
       SELECT name, least((max(v) - min(v)) / greatest(abs(avg(v)), 1e-9), $5) AS change
         FROM vals WHERE v IS NOT NULL GROUP BY name, upload_id, series_id
     )
     SELECT name, max(change) AS change FROM per_series GROUP BY name`,
    [uploads, range.from ?? -Number.MAX_SAFE_INTEGER, range.to ?? Number.MAX_SAFE_INTEGER, counters, MAX_CHANGE],
  );
  const change = new Map(rows.map((r) => [r.name, Number(r.change ?? 0)]));
  return metrics
    .map((m) => ({ ...m, change: change.get(m.name) ?? 0 }))
    .sort((a, b) => b.change - a.change || (a.name < b.name ? -1 : 1));
}
