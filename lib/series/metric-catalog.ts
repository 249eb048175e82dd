// The metrics an incident has, for the metric picker: one entry per name with its label sets.
import "server-only";
import { readQuery } from "@/lib/db";
import { readyUploadIds } from "./evidence-range";
import { METRIC_KINDS } from "@/lib/evidence/families";
import type { TMetricInfo } from "@/lib/schemas/series";

export async function listMetrics(incidentId: string): Promise<TMetricInfo[]> {
  const uploads = await readyUploadIds(incidentId, METRIC_KINDS);
  if (!uploads.length) return [];
  const { rows } = await readQuery<{ name: string; unit: string | null; label_key: string; labels: Record<string, string>; points: string; first: string; last: string }>(
    `SELECT name, min(unit) AS unit, label_key, min(labels::text)::jsonb AS labels, sum(points) AS points, min(first_ms) AS first, max(last_ms) AS last
       FROM metric_series WHERE upload_id = ANY($1::uuid[]) GROUP BY name, label_key ORDER BY name, label_key`,
    [uploads],
  );
  const byName = new Map<string, TMetricInfo>();
  for (const r of rows) {
    const m = byName.get(r.name) ?? byName.set(r.name, { name: r.name, unit: r.unit, seriesCount: 0, labelKeys: [], points: 0, from: null, to: null, series: [] }).get(r.name)!;
    m.seriesCount++;
    m.points += Number(r.points);
    m.from = m.from === null ? Number(r.first) : Math.min(m.from, Number(r.first));
    m.to = m.to === null ? Number(r.last) : Math.max(m.to, Number(r.last));
    for (const k of Object.keys(r.labels)) if (!m.labelKeys.includes(k)) m.labelKeys.push(k);
    if (m.series.length < 200) m.series.push({ labels: r.labels });
  }
  return [...byName.values()];
}
