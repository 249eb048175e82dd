// Metric points for detectors: every series whose name matches a pattern, merged across uploads
// (the same name + label set is one series), sorted by time. Metric exports are small next to
// flows and captures, so detectors read the exported points directly.
import type { DetectorContext } from "./types";

export interface MetricPoints {
  name: string;
  labelKey: string;
  labels: Record<string, string>;
  /** [epoch ms, value], sorted, one value per timestamp. */
  points: Array<[number, number]>;
}

/** `pattern` is a PostgreSQL regular expression on the metric name. */
export function metricPoints(ctx: DetectorContext, pattern: string): Promise<MetricPoints[]> {
  return ctx.memo(`metrics:${pattern}`, async () => {
    if (ctx.uploads.metrics.length === 0) return [];
    const params = [ctx.uploads.metrics, pattern];
    const [{ rows: series }, { rows: points }] = await Promise.all([
      ctx.db.query<{ upload_id: string; series_id: number; name: string; label_key: string; labels: Record<string, string> }>(
        `SELECT upload_id, series_id, name, label_key, labels FROM metric_series WHERE upload_id = ANY($1::uuid[]) AND name ~ $2`,
        params,
      ),
      ctx.db.query<{ upload_id: string; series_id: number; ts: string; value: number }>(
        `SELECT p.upload_id, p.series_id, p.ts, p.value FROM metric_points p JOIN metric_series s USING (upload_id, series_id)
          WHERE p.upload_id = ANY($1::uuid[]) AND s.name ~ $2 ORDER BY p.ts`,
        params,
      ),
    ]);
    const byKey = new Map<string, MetricPoints & { at: Map<number, number> }>();
    const keyOf = new Map<string, string>();
    for (const s of series) {
      const key = `${s.name}{${s.label_key}}`;
      keyOf.set(`${s.upload_id}:${s.series_id}`, key);
      if (!byKey.has(key)) byKey.set(key, { name: s.name, labelKey: s.label_key, labels: s.labels, points: [], at: new Map() });
    }
    for (const p of points) {
      const key = keyOf.get(`${p.upload_id}:${p.series_id}`);
      if (key) byKey.get(key)!.at.set(Number(p.ts), p.value);
    }
    return [...byKey.values()].map(({ at, ...s }) => ({ ...s, points: [...at].sort((a, b) => a[0] - b[0]) }));
  });
}

/** The usual spacing of a series' points (ms); 60 s when it cannot tell. */
export function typicalInterval(points: ReadonlyArray<readonly [number, number]>): number {
  const gaps: number[] = [];
  for (let i = 1; i < points.length; i++) gaps.push(points[i]![0] - points[i - 1]![0]);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 60_000;
}

/** A short name for the series' source: its instance (or host, device…) label, else its labels. */
export function instanceOf(s: MetricPoints): string {
  return s.labels.instance ?? s.labels.host ?? s.labels.node ?? s.labels.InstanceId ?? (s.labelKey || s.name);
}
