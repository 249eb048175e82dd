// Metric series for a panel: one line per label set. Aggregated per bucket (avg by default); when
// the step equals the export's own interval, or the raw points already fit, the exported points
// come back exactly as they were (their own timestamps, their own values).
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { readQuery } from "@/lib/db";
import { closeNames } from "./close-names";
import { METRIC_KINDS } from "@/lib/evidence/families";
import { DEFAULT_METRIC_SERIES, type TMetricSeriesQuery, type TSeriesColumn, type TSeriesColumns } from "@/lib/schemas/series";
import { bucketIndex, emptyColumn, resolveBuckets } from "./range";
import { bucketAnswer, seriesScope } from "./series";

const AGG_SQL = { avg: "avg(p.value)", max: "max(p.value)", min: "min(p.value)", sum: "sum(p.value)", last: "(array_agg(p.value ORDER BY p.ts DESC))[1]", rate: "avg(p.value)" };

const RATE_LOOKBACK_MS = 5 * 60_000;

/**
 * Each sample's per-second increase over the sample before it in its series (a drop is a counter
 * reset: the new value is the increase), as Prometheus' rate() counts it.
 */
const rateSource = (lookbackMs: number) => `(
  SELECT s.label_key, p.ts,
         CASE WHEN lag(p.ts) OVER w IS NULL OR p.ts = lag(p.ts) OVER w THEN NULL
              ELSE (CASE WHEN p.value >= lag(p.value) OVER w THEN p.value - lag(p.value) OVER w ELSE p.value END) * 1000.0 / (p.ts - lag(p.ts) OVER w)
         END AS value
    FROM metric_points p JOIN metric_series s USING (upload_id, series_id)
   WHERE p.upload_id = ANY($1::uuid[]) AND s.upload_id = ANY($1::uuid[]) AND s.name = $2 AND s.label_key = ANY($3::text[])
     AND p.ts >= $4::int8 - ${Math.round(lookbackMs)} AND p.ts < $5::int8
  WINDOW w AS (PARTITION BY p.upload_id, p.series_id ORDER BY p.ts)) p`;

/**
 * A name none of the incident's metric exports has is a 404 naming the closest ones. A known name
 * whose label filters match nothing is an empty answer, as is any name while there are no exports.
 */
async function assertMetricExists(uploads: string[], name: string) {
  const { rows } = await readQuery<{ name: string }>("SELECT DISTINCT name FROM metric_series WHERE upload_id = ANY($1::uuid[])", [uploads]);
  const names = rows.map((r) => r.name);
  if (names.includes(name)) return;
  const suggestions = closeNames(name, names);
  throw new ApiError(
    "unknown_metric",
    `This incident has no metric named "${name}".${suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : ""} GET /api/incidents/:id/metrics lists them.`,
    { name, suggestions },
  );
}

function seriesLabel(name: string, labels: Record<string, string>): string {
  const inner = Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(", ");
  return inner ? `${name}{${inner}}` : name;
}

export async function metricSeries(incidentId: string, q: TMetricSeriesQuery): Promise<TSeriesColumns> {
  const { range, uploads } = await seriesScope(incidentId, METRIC_KINDS);
  // Bounded: the label sets with the most samples, drawn in label order; the others are counted.
  const { rows: top } = await readQuery<{ label_key: string; labels: Record<string, string>; unit: string | null; interval: string | null; points: string; total: string }>(
    `SELECT label_key, min(labels::text)::jsonb AS labels, min(unit) AS unit, min(interval_ms) AS interval, sum(points) AS points,
            count(*) OVER () AS total
       FROM metric_series WHERE upload_id = ANY($1::uuid[]) AND name = $2 AND labels @> $3::jsonb
      GROUP BY label_key ORDER BY sum(points) DESC, label_key LIMIT $4`,
    [uploads, q.name, JSON.stringify(q.labels), q.seriesLimit ?? DEFAULT_METRIC_SERIES],
  );
  if (!top.length && uploads.length) await assertMetricExists(uploads, q.name);
  const found = top.sort((a, b) => (a.label_key < b.label_key ? -1 : a.label_key > b.label_key ? 1 : 0));
  const omitted = top.length ? Number(top[0]!.total) - top.length : 0;
  const buckets = resolveBuckets(q, range);
  const intervals = new Set(found.map((f) => Number(f.interval)));
  const interval = intervals.size === 1 ? [...intervals][0]! : null;
  const totalPoints = found.reduce((a, f) => a + Number(f.points), 0);
  const raw = interval !== null && interval > 0 && (q.step === interval || (q.step === undefined && totalPoints <= (q.maxPoints ?? 1000)));

  const params: unknown[] = [uploads, q.name, found.map((f) => f.label_key), buckets.from, buckets.to];
  if (!raw) params.push(buckets.step);
  const bucketExpr = raw ? "p.ts" : "(p.ts / $6) * $6";
  const rate = q.agg === "rate";
  // A rate needs each sample's predecessor, so the points are read from one lookback earlier.
  const lookback = rate ? Math.max(2 * (interval ?? 0), RATE_LOOKBACK_MS) : 0;
  const valueExpr = raw ? "p.value" : AGG_SQL[q.agg];
  const source = rate ? rateSource(lookback) : "metric_points p JOIN metric_series s USING (upload_id, series_id)";
  const { rows } = found.length
    ? await readQuery<{ label_key: string; b: string; v: number }>(
        `SELECT ${rate ? "p" : "s"}.label_key, ${bucketExpr} AS b, ${valueExpr} AS v
           FROM ${source}
          WHERE ${rate ? "p.value IS NOT NULL" : `p.upload_id = ANY($1::uuid[]) AND s.upload_id = ANY($1::uuid[]) AND s.name = $2 AND s.label_key = ANY($3::text[])`} AND p.ts >= $4 AND p.ts < $5
          ${raw ? "ORDER BY 1, 2" : "GROUP BY 1, 2"}`,
        params,
      )
    : { rows: [] };

  // Rows are ordered by series then time (raw) or grouped by both: each value goes straight into
  // its series' column at its time's slot.
  const slotOf = new Map(found.map((f, k) => [f.label_key, k]));
  const mine = rows.filter((r) => slotOf.has(r.label_key));
  const info = (f: (typeof found)[number]) => ({ key: f.label_key || q.name, label: seriesLabel(q.name, f.labels), unit: rate ? `${f.unit ?? ""}/s` : (f.unit ?? "") });
  if (!raw) {
    const columns = found.map(() => emptyColumn(buckets, null));
    for (const r of mine) {
      const i = bucketIndex(buckets, Number(r.b));
      if (i >= 0) columns[slotOf.get(r.label_key)!]![i] = r.v;
    }
    return { ...bucketAnswer(buckets, found.map((f, k): TSeriesColumn => ({ ...info(f), values: columns[k]! }))), ...(omitted ? { omitted } : {}) };
  }
  // As exported: `t` is every sample time of any series, null where a series has none.
  const t = [...new Set(mine.map((r) => Number(r.b)))].sort((a, b) => a - b);
  const at = new Map(t.map((ts, i) => [ts, i]));
  const columns = found.map(() => new Array<number | null>(t.length).fill(null));
  for (const r of mine) columns[slotOf.get(r.label_key)!]![at.get(Number(r.b))!] = r.v;
  return { from: buckets.from, to: buckets.to, step: interval!, t, series: found.map((f, k) => ({ ...info(f), values: columns[k]! })), raw: true, ...(omitted ? { omitted } : {}) };
}
