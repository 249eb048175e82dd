// Metric family: every point COPYed exactly as exported (no resampling), one row per series with
// its labels, unit, point count and the export's typical spacing (so the series API can tell when
// a requested step equals the export's interval).
import type { MetricSeriesKey, MetricSink } from "@/lib/parsers/metrics/metric-sink";
import { TimeSpan } from "@/lib/time/time-span";
import { bulkRange } from "./bulk-range";
import { uploadLimits } from "./limits";
import { tablesOf } from "@/lib/evidence/catalogue";
import { timeProblem } from "@/lib/evidence/time-window";
import { copyNum, copyText } from "@/lib/evidence/copy-writer";
import { copyIntoUploadTable, createUploadTable, finishUploadTables } from "@/lib/evidence/partitions";
import type { FamilyIngester, MetricEntry } from "./family";

interface SeriesState {
  id: number;
  key: MetricSeriesKey;
  points: number;
  first: number;
  last: number;
  prev: number;
  /** Spacing → occurrences, capped; the most common one is the export's interval. */
  deltas: Map<number, number>;
}

/** Longest metric name kept: names are indexed, and a B-tree entry holds at most ~2.7 KB. */
const MAX_NAME_CHARS = 512;

const unstorableKey = (key: MetricSeriesKey) =>
  key.name.length > MAX_NAME_CHARS || [key.name, key.unit ?? "", ...Object.entries(key.labels).flat()].some((s) => s.includes("\u0000"));

/** `a="1",b="2"`: the same series across uploads, whatever the label order in the file. */
export function labelKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(",");
}

function typicalInterval(deltas: Map<number, number>): number | null {
  let best: number | null = null;
  let bestCount = 0;
  for (const [d, n] of deltas) if (n > bestCount && d > 0) [best, bestCount] = [d, n];
  return best;
}

export const ingestMetrics: FamilyIngester<MetricEntry> = async ({ client, uploadId, format, chunks, progress, issues, clock, staged = false }) => {
  for (const table of tablesOf("metrics")) await createUploadTable(client, table, uploadId, staged);
  const points = copyIntoUploadTable(client, "metric_points", uploadId, { staged });
  const offsetMs = clock?.offsetMs ?? 0;
  const series = new Map<MetricSeriesKey, SeriesState>();
  const span = new TimeSpan();

  const { maxSeriesPerUpload } = uploadLimits();
  // Series beyond the limit are set aside whole; one note at the end says how many.
  const overLimit = new WeakSet<MetricSeriesKey>();
  let seriesOverLimit = 0;
  let pointsOverLimit = 0;
  const unstorable = new Set<MetricSeriesKey>();
  const setAside = (message: string) => {
    issues.reject({ line: 0, message });
    progress.rowsRejected++;
  };

  const sink: MetricSink = {
    point(key, t, value) {
      // Sub-millisecond precision (Influx ns, fractional OpenMetrics seconds) is rounded to ms.
      const ts = Math.round(t) + offsetMs;
      if (unstorable.has(key)) return setAside(`${key.name.slice(0, 80)}: a name over ${MAX_NAME_CHARS} characters, or a name, label or unit with a NUL byte, cannot be stored; point set aside`);
      const late = timeProblem(`${key.name}: sample time`, ts);
      if (late) return setAside(late);
      let s = series.get(key);
      if (!s && unstorableKey(key)) {
        unstorable.add(key);
        return sink.point(key, t, value);
      }
      if (!s && (overLimit.has(key) || series.size >= maxSeriesPerUpload)) {
        if (!overLimit.has(key)) {
          overLimit.add(key);
          seriesOverLimit++;
        }
        pointsOverLimit++;
        issues.rejected++;
        progress.rowsRejected++;
        return;
      }
      if (!s) series.set(key, (s = { id: series.size + 1, key, points: 0, first: ts, last: ts, prev: NaN, deltas: new Map() }));
      points.row(`${s.id}\t${ts}\t${value}`);
      const delta = ts - s.prev;
      if (delta > 0 && (s.deltas.size < 64 || s.deltas.has(delta))) s.deltas.set(delta, (s.deltas.get(delta) ?? 0) + 1);
      s.prev = ts;
      s.points++;
      if (ts < s.first) s.first = ts;
      if (ts > s.last) s.last = ts;
      span.add(ts);
      progress.rowsParsed++;
    },
    warn: (issue) => issues.note(issue),
    reject(issue) {
      issues.reject(issue);
      progress.rowsRejected++;
    },
  };

  const parser = format.create(sink, clock?.timeZone ? { timeZone: clock.timeZone } : undefined);
  for await (const chunk of chunks) {
    parser.write(chunk);
    await points.flushIfFull();
  }
  parser.end();
  if (seriesOverLimit) {
    issues.note({
      line: 0,
      message: `${seriesOverLimit} series beyond the first ${maxSeriesPerUpload} were set aside with their ${pointsOverLimit} points (the limit is HINDSIGHT_MAX_SERIES_PER_UPLOAD)`,
    });
  }
  const rowCount = await points.finish();

  progress.phase = "indexing";
  const seriesWriter = copyIntoUploadTable(client, "metric_series", uploadId, { staged });
  for (const s of series.values()) {
    seriesWriter.row(
      [s.id, copyText(s.key.name), copyText(JSON.stringify(s.key.labels)), copyText(labelKey(s.key.labels)), copyText(s.key.unit),
        s.points, s.first, s.last, copyNum(typicalInterval(s.deltas))].join("\t"),
    );
  }
  await seriesWriter.finish();
  await finishUploadTables(client, tablesOf("metrics"), uploadId, staged);
  return { rowsParsed: rowCount, ...bulkRange(issues, "metric samples", span) };
};
