// AWS CloudWatch metric exports, saved as JSON (parsed whole: see json-document.ts):
// * GetMetricData: `MetricDataResults[]{Id, Label, Timestamps[], Values[]}` — newest first by
//   default; one series per result, named by Label (else Id) with label `id`.
// * get-metric-statistics: `{Label, Datapoints[]{Timestamp, Average|Sum|Minimum|Maximum|SampleCount,
//   ExtendedStatistics, Unit}}` — unsorted; one series per statistic (label `statistic`).
// Points are sorted by time before they are emitted. Timestamps are ISO-8601 (any offset) or epoch
// numbers (SDK dumps), read by magnitude.
import type { FormatInfo, StreamParser } from "../types";
import { parseTime, type TimeOptions } from "../time";
import { collectText, isRecord, parseJsonDocument, type JsonRecord } from "./json-document";
import { MetricEmitter } from "./metric-emitter";
import type { MetricParserOptions, MetricSeriesKey, MetricSink } from "./metric-sink";
import { jsonHeadHas } from "./sniff-text";

const STATISTICS = ["Average", "Sum", "Minimum", "Maximum", "SampleCount"] as const;

export const cloudwatchMetricDataFormat: FormatInfo = {
  kind: "cloudwatch-get-metric-data",
  label: "CloudWatch GetMetricData (JSON)",
  sniff: (head) => jsonHeadHas(head, /"MetricDataResults"\s*:/),
};

export const cloudwatchStatisticsFormat: FormatInfo = {
  kind: "cloudwatch-get-metric-statistics",
  label: "CloudWatch get-metric-statistics (JSON)",
  sniff: (head) => jsonHeadHas(head, /"Datapoints"\s*:/),
};

interface TimedValue {
  ms: number;
  value: unknown;
  where: string;
  unit: string | null;
}

function readRoot(text: string, emit: MetricEmitter, field: string, expected: string): JsonRecord | null {
  const doc = parseJsonDocument(text);
  if (!doc.ok) {
    emit.reject(doc.issue);
    return null;
  }
  if (!isRecord(doc.value) || !Array.isArray(doc.value[field])) {
    emit.reject({ line: 0, message: `unknown JSON shape: expected ${expected}` });
    return null;
  }
  return doc.value;
}

/** Parses one timestamp; on failure rejects the point and returns null. */
function readTime(emit: MetricEmitter, key: MetricSeriesKey, raw: unknown, where: string, options: TimeOptions): number | null {
  const time = typeof raw === "string" || typeof raw === "number" ? parseTime(raw, options) : null;
  if (!time || !time.ok) {
    emit.rejectPoint(key, 0, `${where}: ${time ? time.error : `timestamp ${JSON.stringify(raw)} is not a time`}`);
    return null;
  }
  if (time.warning) emit.warnOnce("time", { line: 0, message: `${where}: ${time.warning}` });
  return time.ms;
}

/** Sorts by time and emits; `keyFor` gives the series key for a point's unit. */
function emitSorted(emit: MetricEmitter, points: TimedValue[], keyFor: (unit: string | null) => MetricSeriesKey): void {
  points.sort((a, b) => a.ms - b.ms);
  for (const p of points) {
    const key = keyFor(p.unit);
    if (p.value === null) emit.gap(key, p.ms, 0, "null value");
    else if (typeof p.value !== "number") emit.rejectPoint(key, 0, `${p.where}: value ${JSON.stringify(p.value)} is not a number`);
    else emit.point(key, p.ms, p.value, 0);
  }
}

export function createCloudwatchMetricDataParser(sink: MetricSink, options: MetricParserOptions = {}): StreamParser {
  const emit = new MetricEmitter(sink);
  return collectText((text) => {
    const root = readRoot(text, emit, "MetricDataResults", 'a GetMetricData response {"MetricDataResults": [{"Id", "Label", "Timestamps", "Values"}]}');
    if (root) readMetricData(root, emit, options);
    emit.finish();
  });
}

function readMetricData(root: JsonRecord, emit: MetricEmitter, options: TimeOptions): void {
  const results = root.MetricDataResults as unknown[];
  if (results.length === 0) emit.warn({ line: 0, message: "MetricDataResults is empty" });
  if (typeof root.NextToken === "string" && root.NextToken) {
    emit.warn({ line: 0, message: "the response has a NextToken: further pages are not in this file" });
  }
  if (Array.isArray(root.Messages)) for (const m of root.Messages) emit.warn({ line: 0, message: `CloudWatch message: ${describeMessage(m)}` });
  results.forEach((r, i) => {
    const id = isRecord(r) && typeof r.Id === "string" ? r.Id : "";
    const label = isRecord(r) && typeof r.Label === "string" ? r.Label : "";
    if (!isRecord(r) || !(id || label)) return emit.reject({ line: 0, message: `MetricDataResults[${i}] has neither Id nor Label` });
    const key: MetricSeriesKey = { name: label || id, labels: id ? { id } : {}, unit: null };
    emit.declare(key, 0);
    if (typeof r.StatusCode === "string" && r.StatusCode !== "Complete") {
      const messages = Array.isArray(r.Messages) ? `: ${r.Messages.map(describeMessage).join("; ")}` : "";
      emit.warn({ line: 0, message: `MetricDataResults[${i}] (${label || id}) has StatusCode ${r.StatusCode}${messages}; its data may be incomplete` });
    }
    const { Timestamps: times, Values: values } = r;
    if (!Array.isArray(times) || !Array.isArray(values)) return emit.rejectPoint(key, 0, `MetricDataResults[${i}] lacks Timestamps[] or Values[]`);
    if (times.length !== values.length) {
      return emit.rejectPoint(key, 0, `MetricDataResults[${i}] has ${times.length} Timestamps but ${values.length} Values; cannot pair them`);
    }
    const points: TimedValue[] = [];
    times.forEach((t, j) => {
      const where = `MetricDataResults[${i}].Timestamps[${j}]`;
      const ms = readTime(emit, key, t, where, options);
      if (ms !== null) points.push({ ms, value: values[j], where: `MetricDataResults[${i}].Values[${j}]`, unit: null });
    });
    emitSorted(emit, points, () => key);
  });
}

function describeMessage(m: unknown): string {
  return isRecord(m) ? `${String(m.Code ?? "")} ${String(m.Value ?? "")}`.trim() : String(m);
}

export function createCloudwatchStatisticsParser(sink: MetricSink, options: MetricParserOptions = {}): StreamParser {
  const emit = new MetricEmitter(sink);
  return collectText((text) => {
    const root = readRoot(text, emit, "Datapoints", 'a get-metric-statistics response {"Label", "Datapoints": [{"Timestamp", "Average"|"Sum"|…, "Unit"}]}');
    if (root) readStatistics(root, emit, options);
    emit.finish();
  });
}

function readStatistics(root: JsonRecord, emit: MetricEmitter, options: TimeOptions): void {
  const name = typeof root.Label === "string" && root.Label ? root.Label : "unlabelled";
  if (name === "unlabelled") emit.warn({ line: 0, message: 'the response has no "Label"; series are named "unlabelled"' });
  const datapoints = root.Datapoints as unknown[];
  if (datapoints.length === 0) emit.warn({ line: 0, message: `${name}: Datapoints is empty` });
  const byStatistic = new Map<string, TimedValue[]>();
  datapoints.forEach((d, i) => {
    const where = `Datapoints[${i}]`;
    if (!isRecord(d)) return emit.reject({ line: 0, message: `${name}: ${where} is not an object` });
    const unit = typeof d.Unit === "string" && d.Unit !== "None" ? d.Unit : null;
    const stats: Array<[string, unknown]> = STATISTICS.filter((s) => s in d).map((s) => [s, d[s]]);
    if (isRecord(d.ExtendedStatistics)) stats.push(...Object.entries(d.ExtendedStatistics));
    if (stats.length === 0) return emit.reject({ line: 0, message: `${name}: ${where} carries no statistic (Average, Sum, Minimum, Maximum, SampleCount, ExtendedStatistics)` });
    const probe: MetricSeriesKey = { name, labels: { statistic: stats[0]![0] }, unit };
    const ms = readTime(emit, probe, d.Timestamp, `${where}.Timestamp`, options);
    if (ms === null) return;
    for (const [statistic, value] of stats) {
      const points = byStatistic.get(statistic) ?? [];
      byStatistic.set(statistic, points);
      // SampleCount counts samples; it is not in the metric's unit.
      points.push({ ms, value, where: `${where}.${statistic}`, unit: statistic === "SampleCount" ? null : unit });
    }
  });
  for (const [statistic, points] of byStatistic) {
    const keys = new Map<string | null, MetricSeriesKey>();
    emitSorted(emit, points, (unit) => {
      let key = keys.get(unit);
      if (!key) keys.set(unit, (key = { name, labels: { statistic }, unit }));
      return key;
    });
  }
}
