// Plain long-format metric CSV, streamed: a required header with a time column (`time`,
// `timestamp`, `ts`), a metric column (`metric`, `name`), a `value` column, an optional `unit`
// column; every other column is a label (blank cells omitted). Times are ISO-8601 or epoch
// s/ms/µs/ns by magnitude. Delimiter `,`, `;` or tab, read from the header.
import { parseTime } from "../time";
import type { FormatInfo, StreamParser } from "../types";
import { CsvStream, findColumn, sniffHeader } from "./csv-records";
import { MetricEmitter } from "./metric-emitter";
import type { MetricParserOptions, MetricSink } from "./metric-sink";
import { parseSampleValue } from "./sample-value";
import { headLines, isFlowHeader } from "./sniff-text";

const TIME = ["time", "timestamp", "ts"];
const METRIC = ["metric", "name", "metric_name"];
const VALUE = ["value"];
const UNIT = ["unit"];

interface Layout {
  time: number;
  metric: number;
  value: number;
  unit: number;
  labels: Array<[number, string]>;
  width: number;
}

function layoutOf(header: string[]): Layout | null {
  const [time, metric, value] = [findColumn(header, TIME), findColumn(header, METRIC), findColumn(header, VALUE)];
  if (time < 0 || metric < 0 || value < 0) return null;
  const unit = findColumn(header, UNIT);
  const labels: Array<[number, string]> = [];
  header.forEach((h, i) => {
    if (![time, metric, value, unit].includes(i)) labels.push([i, h.trim()]);
  });
  return { time, metric, value, unit, labels, width: header.length };
}

export const metricsCsvFormat: FormatInfo = {
  kind: "metrics-csv",
  label: "Metric CSV (time, metric, value, labels…)",
  sniff(head) {
    const header = sniffHeader(headLines(head, 2));
    return header !== null && !isFlowHeader(header) && layoutOf(header) !== null;
  },
};

export function createMetricsCsvParser(sink: MetricSink, options: MetricParserOptions = {}): StreamParser {
  const emit = new MetricEmitter(sink);
  let layout: Layout | "invalid" | null = null;

  const onRecord = (cells: string[], line: number) => {
    if (layout === null) {
      layout = layoutOf(cells);
      if (!layout) {
        layout = "invalid";
        return emit.reject({ line, message: `header ${JSON.stringify(cells.join(","))} lacks a time, metric or value column` });
      }
      const unnamed = layout.labels.filter(([, name]) => name === "");
      if (unnamed.length) emit.warn({ line, message: `${unnamed.length} column(s) without a header name are ignored` });
      layout.labels = layout.labels.filter(([, name]) => name !== "");
      return;
    }
    if (layout === "invalid") return;
    if (cells.length !== layout.width) return emit.reject({ line, message: `row has ${cells.length} fields, the header has ${layout.width}` });
    const name = cells[layout.metric]!.trim();
    if (name === "") return emit.reject({ line, message: "empty metric name" });
    const labels: Record<string, string> = {};
    for (const [i, label] of layout.labels) {
      const v = cells[i]!.trim();
      if (v !== "") labels[label] = v;
    }
    const unit = layout.unit >= 0 ? cells[layout.unit]!.trim() || null : null;
    const key = { name, labels, unit };
    const time = parseTime(cells[layout.time]!.trim(), options);
    if (!time.ok) return emit.rejectPoint(key, line, time.error);
    if (time.warning) emit.warnOnce("time", { line, message: `${time.warning} (further rows not repeated)` });
    const raw = cells[layout.value]!.trim();
    if (raw === "") return emit.gap(key, time.ms, line, "blank value");
    const value = parseSampleValue(raw);
    if (value === null) return emit.rejectPoint(key, line, `value ${JSON.stringify(raw)} is not a number`);
    emit.point(key, time.ms, value, line, raw);
  };

  const csv = new CsvStream(onRecord, (issue) => emit.reject(issue));
  return {
    write: (chunk) => csv.write(chunk),
    end() {
      csv.end();
      if (layout === null) emit.reject({ line: 0, message: "empty file: no header" });
      emit.finish();
    },
  };
}
