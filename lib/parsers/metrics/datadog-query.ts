// Datadog metrics query API v1 response (GET /api/v1/query), saved as JSON. `pointlist` times are
// ms (float-typed); a null value is a gap. Tags from `scope` and `tag_set` ("key:value") become
// labels, `aggr` too (it distinguishes avg/max series of one metric). Parsed whole: see
// json-document.ts. The v2 timeseries response (shared `times[]`) is recognised and refused.
import type { FormatInfo, StreamParser } from "../types";
import { parseEpoch } from "../time";
import { collectText, isRecord, parseJsonDocument, type JsonRecord } from "./json-document";
import { MetricEmitter } from "./metric-emitter";
import type { MetricSeriesKey, MetricSink } from "./metric-sink";
import { jsonHeadHas } from "./sniff-text";

export const datadogQueryFormat: FormatInfo = {
  kind: "datadog-query-json",
  label: "Datadog metrics query (JSON)",
  sniff: (head) => jsonHeadHas(head, /"(pointlist|res_type)"\s*:|"timeseries_response"/),
};

export function createDatadogQueryParser(sink: MetricSink): StreamParser {
  const emit = new MetricEmitter(sink);
  return collectText((text) => {
    readResponse(text, emit);
    emit.finish();
  });
}

/**
 * "key:value" tags into labels. A bare tag becomes a label with value "true"; a key given twice
 * keeps both values comma-joined; "*" (no filter) is skipped.
 */
export function addTags(labels: Record<string, string>, tags: readonly string[]): void {
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag === "" || tag === "*") continue;
    const colon = tag.indexOf(":");
    const [k, v] = colon === -1 ? [tag, "true"] : [tag.slice(0, colon), tag.slice(colon + 1)];
    labels[k] = labels[k] === undefined || labels[k] === v ? v : `${labels[k]},${v}`;
  }
}

/** Datadog `unit` array: [unit, per_unit], entries may be null → "byte/second", "packet", or null. */
function unitOf(unit: unknown): string | null {
  if (!Array.isArray(unit)) return null;
  const names = unit.map((u) => (isRecord(u) ? (u.short_name ?? u.name) : null)).map((n) => (typeof n === "string" && n ? n : null));
  const [base, per] = names;
  if (!base) return per ? `1/${per}` : null;
  return per ? `${base}/${per}` : base;
}

function readResponse(text: string, emit: MetricEmitter): void {
  const doc = parseJsonDocument(text);
  if (!doc.ok) return emit.reject(doc.issue);
  const root = doc.value;
  if (isRecord(root) && isRecord(root.data) && isRecord(root.data.attributes) && "times" in root.data.attributes) {
    return emit.reject({ line: 0, message: "Datadog v2 timeseries responses (data.attributes.times) are not supported: export with the v1 query API (/api/v1/query)" });
  }
  if (!isRecord(root) || (root.status !== "error" && !Array.isArray(root.series))) {
    return emit.reject({ line: 0, message: 'unknown JSON shape: expected a Datadog v1 query response {"status", "series": [{"metric", "pointlist"}]}' });
  }
  if (root.status === "error") return emit.reject({ line: 0, message: `the response is a Datadog error: ${String(root.error ?? "no message")}` });
  if (root.res_type !== undefined && root.res_type !== "time_series") {
    emit.warn({ line: 0, message: `res_type is ${JSON.stringify(root.res_type)}, not "time_series"; series read anyway` });
  }
  const series = root.series as unknown[];
  if (series.length === 0) emit.warn({ line: 0, message: "the query returned no series" });
  series.forEach((item, i) => {
    if (!isRecord(item)) return emit.reject({ line: 0, message: `series[${i}] is not an object` });
    const key = seriesKey(item);
    if (!key) return emit.reject({ line: 0, message: `series[${i}] has neither "metric" nor "expression"` });
    emit.declare(key, 0);
    if (!Array.isArray(item.pointlist)) return emit.rejectPoint(key, 0, `series[${i}] has no "pointlist" array`);
    if (typeof item.length === "number" && item.length !== item.pointlist.length) {
      emit.warn({ line: 0, message: `series[${i}]: "length" says ${item.length} points, pointlist has ${item.pointlist.length}` });
    }
    item.pointlist.forEach((pair, j) => readPoint(emit, key, pair, `series[${i}].pointlist[${j}]`));
  });
}

function seriesKey(item: JsonRecord): MetricSeriesKey | null {
  const name = [item.metric, item.expression].find((n): n is string => typeof n === "string" && n !== "");
  if (!name) return null;
  const labels: Record<string, string> = {};
  if (typeof item.scope === "string") addTags(labels, item.scope.split(","));
  if (Array.isArray(item.tag_set)) addTags(labels, item.tag_set.filter((t): t is string => typeof t === "string"));
  if (typeof item.aggr === "string" && item.aggr) labels.aggr = item.aggr;
  return { name, labels, unit: unitOf(item.unit) };
}

function readPoint(emit: MetricEmitter, key: MetricSeriesKey, pair: unknown, where: string): void {
  if (!Array.isArray(pair) || pair.length !== 2) return emit.rejectPoint(key, 0, `${where} is not a [ms, value] pair`);
  const [t, v] = pair as [unknown, unknown];
  const time = typeof t === "number" ? parseEpoch(t, "ms") : null;
  if (!time || !time.ok) return emit.rejectPoint(key, 0, `${where}: time ${JSON.stringify(t)} is not epoch milliseconds`);
  if (time.warning) emit.warnOnce("time-range", { line: 0, message: `${where}: ${time.warning}` });
  if (v === null) return emit.gap(key, time.ms, 0, "null value");
  if (typeof v !== "number") return emit.rejectPoint(key, 0, `${where}: value ${JSON.stringify(v)} is not a number`);
  emit.point(key, time.ms, v, 0);
}
