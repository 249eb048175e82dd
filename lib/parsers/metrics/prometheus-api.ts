// Prometheus HTTP API responses (/api/v1/query, /api/v1/query_range), saved as JSON. Times are
// float seconds with ms precision (converted exactly through their decimal text); values are
// strings so that NaN/±Inf survive. Parsed whole: see json-document.ts.
import type { FormatInfo, StreamParser } from "../types";
import { parseEpoch } from "../time";
import { collectText, isRecord, parseJsonDocument, type JsonRecord } from "./json-document";
import { MetricEmitter } from "./metric-emitter";
import type { MetricParserOptions, MetricSeriesKey, MetricSink } from "./metric-sink";
import { parseSampleValue } from "./sample-value";
import { jsonHeadHas } from "./sniff-text";

export interface PrometheusApiOptions extends MetricParserOptions {
  /** Name for series without `__name__` (results of rate(), histogram_quantile() …) and scalars. Default "unnamed". */
  name?: string;
}

export const prometheusApiFormat: FormatInfo = {
  kind: "prometheus-api-json",
  label: "Prometheus HTTP API response (JSON)",
  sniff: (head) => jsonHeadHas(head, /"resultType"\s*:/, /"result"\s*:/),
};

export function createPrometheusApiParser(sink: MetricSink, options: PrometheusApiOptions = {}): StreamParser {
  const emit = new MetricEmitter(sink);
  return collectText((text) => {
    readResponse(text, emit, options.name ?? "unnamed");
    emit.finish();
  });
}

function readResponse(text: string, emit: MetricEmitter, unnamed: string): void {
  const doc = parseJsonDocument(text);
  if (!doc.ok) return emit.reject(doc.issue);
  const root = doc.value;
  if (isRecord(root) && root.status === "error") {
    const type = typeof root.errorType === "string" ? ` (${root.errorType})` : "";
    return emit.reject({ line: 0, message: `the response is a Prometheus API error${type}: ${String(root.error ?? "no message")}` });
  }
  const data = isRecord(root) ? root.data : undefined;
  if (!isRecord(root) || !isRecord(data) || typeof data.resultType !== "string") {
    return emit.reject({ line: 0, message: 'unknown JSON shape: expected a Prometheus API response {"status", "data": {"resultType", "result"}}' });
  }
  for (const key of ["warnings", "infos"] as const) {
    const notes = root[key];
    if (Array.isArray(notes)) for (const note of notes) emit.warn({ line: 0, message: `Prometheus ${key.slice(0, -1)}: ${String(note)}` });
  }
  const { resultType, result } = data;
  if (resultType === "scalar") {
    const key: MetricSeriesKey = { name: unnamed, labels: {}, unit: null };
    emit.declare(key, 0);
    return readSample(emit, key, result, "scalar result");
  }
  if (resultType === "string") return emit.reject({ line: 0, message: "a string result holds no metric samples" });
  if (resultType !== "matrix" && resultType !== "vector") {
    return emit.reject({ line: 0, message: `unknown resultType ${JSON.stringify(resultType)}: expected matrix, vector or scalar` });
  }
  if (!Array.isArray(result)) return emit.reject({ line: 0, message: `data.result of a ${resultType} is not an array` });
  if (result.length === 0) emit.warn({ line: 0, message: "the query returned no series" });
  result.forEach((item, i) => {
    if (!isRecord(item) || !isRecord(item.metric)) {
      return emit.reject({ line: 0, message: `result[${i}] has no "metric" object` });
    }
    const key = seriesKey(item.metric, unnamed, emit);
    emit.declare(key, 0);
    if (item.histograms !== undefined || item.histogram !== undefined) {
      emit.warn({ line: 0, message: `result[${i}]: native histogram samples are not imported` });
    }
    if (resultType === "vector") {
      if (item.value !== undefined) readSample(emit, key, item.value, `result[${i}].value`);
    } else if (!Array.isArray(item.values)) {
      if (item.histograms === undefined) emit.rejectPoint(key, 0, `result[${i}] has no "values" array`);
    } else {
      item.values.forEach((pair, j) => readSample(emit, key, pair, `result[${i}].values[${j}]`));
    }
  });
}

function seriesKey(metric: JsonRecord, unnamed: string, emit: MetricEmitter): MetricSeriesKey {
  const labels: Record<string, string> = {};
  let name: string | null = null;
  for (const [k, v] of Object.entries(metric)) {
    if (k === "__name__") name = String(v);
    else if (v !== "" && v !== null) labels[k] = String(v);
  }
  if (name === null) {
    emit.warnOnce("unnamed", {
      line: 0,
      message: `series without __name__ (a function such as rate() or histogram_quantile() drops it) are named ${JSON.stringify(unnamed)}`,
    });
  }
  return { name: name ?? unnamed, labels, unit: null };
}

function readSample(emit: MetricEmitter, key: MetricSeriesKey, pair: unknown, where: string): void {
  if (!Array.isArray(pair) || pair.length !== 2) return emit.rejectPoint(key, 0, `${where} is not a [time, value] pair`);
  const [t, v] = pair as [unknown, unknown];
  const time = typeof t === "number" ? parseEpoch(t, "s") : null;
  if (!time || !time.ok) return emit.rejectPoint(key, 0, `${where}: time ${JSON.stringify(t)} is not a number of seconds`);
  if (time.warning) emit.warnOnce("time-range", { line: 0, message: `${where}: ${time.warning}` });
  if (v === null) return emit.gap(key, time.ms, 0, "null value");
  const value = typeof v === "string" ? parseSampleValue(v) : typeof v === "number" ? v : null;
  if (value === null) return emit.rejectPoint(key, 0, `${where}: value ${JSON.stringify(v)} is not a number`);
  emit.point(key, time.ms, value, 0, typeof v === "string" ? JSON.stringify(v) : undefined);
}
