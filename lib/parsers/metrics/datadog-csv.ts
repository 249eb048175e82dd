// Datadog metric CSV downloads, streamed. No authoritative description of Datadog's CSV exports
// was found (docs/docs/formats.md §5.3, §9), so this reads the layout of Datadog's own csv_exporter and
// dashboard-style downloads defensively and assumes:
// * a header row; an unnamed first column (a pandas index) is ignored;
// * one time column named timestamp/time/date/datetime: epoch s/ms by magnitude or date-time text
//   (often local time without zone → assumed UTC and warned, unless a zone offset is given);
// * an optional `metric` column whose cells name the metric, as `display_name (aggr)`;
// * every other column is one series whose header is its scope (`env:prod,host:node-a` → labels)
//   or a query (`sum:coredns.request_count{host:node-a}` → name, aggr, labels);
// * blank, `null` and `N/A` cells are gaps.
import { parseTime } from "../time";
import type { FormatInfo, StreamParser } from "../types";
import { CsvStream, findColumn, sniffHeader } from "./csv-records";
import { addTags } from "./datadog-query";
import { MetricEmitter } from "./metric-emitter";
import type { MetricParserOptions, MetricSeriesKey, MetricSink } from "./metric-sink";
import { parseSampleValue } from "./sample-value";
import { headLines, isFlowHeader } from "./sniff-text";

const TIME = ["timestamp", "time", "date", "datetime"];
const QUERY = /^(\w+):([\w.]+)\{([^}]*)\}/;
const TAG = /^[\w.\-/]+:\S/;
const GAP = new Set(["", "null", "n/a"]);

interface Column {
  index: number;
  name: string | null;
  labels: Record<string, string>;
}

function columnOf(header: string, index: number): Column {
  const h = header.trim();
  const q = QUERY.exec(h);
  const labels: Record<string, string> = {};
  if (q) {
    addTags(labels, q[3]!.split(","));
    labels.aggr = q[1]!;
    return { index, name: q[2]!, labels };
  }
  if (h.split(",").every((t) => TAG.test(t.trim()) || t.trim() === "*")) {
    addTags(labels, h.split(","));
    return { index, name: null, labels };
  }
  return { index, name: h, labels };
}

export const datadogCsvFormat: FormatInfo = {
  kind: "datadog-csv",
  label: "Datadog metric CSV",
  sniff(head) {
    const header = sniffHeader(headLines(head, 2));
    if (header === null || isFlowHeader(header)) return false;
    if (findColumn(header, TIME) < 0 || findColumn(header, ["value"]) >= 0) return false;
    if (header.some((h) => QUERY.test(h))) return true;
    return findColumn(header, ["metric"]) >= 0 && header.some((h) => TAG.test(h));
  },
};

export function createDatadogCsvParser(sink: MetricSink, options: MetricParserOptions = {}): StreamParser {
  const emit = new MetricEmitter(sink);
  let header: { time: number; metric: number; columns: Column[]; width: number } | "invalid" | null = null;
  const keys = new Map<string, MetricSeriesKey>();

  const keyFor = (column: Column, metricCell: string | undefined): MetricSeriesKey => {
    const display = metricCell?.trim() ?? "";
    const m = /^(.*\S)\s+\((\w+)\)$/.exec(display);
    const name = column.name ?? (m ? m[1]! : display);
    const id = `${column.index}\u0000${name}`;
    let key = keys.get(id);
    if (!key) {
      const labels = m && !column.labels.aggr ? { ...column.labels, aggr: m[2]! } : column.labels;
      keys.set(id, (key = { name, labels, unit: null }));
    }
    return key;
  };

  const onRecord = (cells: string[], line: number) => {
    if (header === null) {
      const time = findColumn(cells, TIME);
      if (time < 0) {
        header = "invalid";
        return emit.reject({ line, message: "header has no timestamp/time/date column" });
      }
      const metric = findColumn(cells, ["metric"]);
      const columns = cells.flatMap((h, i) => (i === time || i === metric || (i === 0 && h.trim() === "") ? [] : [columnOf(h, i)]));
      header = { time, metric, columns, width: cells.length };
      return;
    }
    if (header === "invalid") return;
    if (cells.length !== header.width) return emit.reject({ line, message: `row has ${cells.length} fields, the header has ${header.width}` });
    const time = parseTime(cells[header.time]!.trim(), options);
    if (!time.ok) return emit.reject({ line, message: time.error });
    if (time.warning) emit.warnOnce("time", { line, message: `${time.warning} (Datadog CSV times are often local time; further rows not repeated)` });
    for (const column of header.columns) {
      const key = keyFor(column, header.metric >= 0 ? cells[header.metric] : undefined);
      if (key.name === "") {
        emit.reject({ line, message: `column ${column.index + 1}: no metric name (empty metric cell and the header names no metric)` });
        continue;
      }
      const raw = cells[column.index]!.trim();
      if (GAP.has(raw.toLowerCase())) {
        emit.gap(key, time.ms, line, raw === "" ? "blank cell" : raw);
        continue;
      }
      const value = parseSampleValue(raw);
      if (value === null) emit.rejectPoint(key, line, `value ${JSON.stringify(raw)} is not a number`);
      else emit.point(key, time.ms, value, line, raw);
    }
  };

  const csv = new CsvStream(onRecord, (issue) => emit.reject(issue));
  return {
    write: (chunk) => csv.write(chunk),
    end() {
      csv.end();
      if (header === null) emit.reject({ line: 0, message: "empty file: no header" });
      emit.finish();
    },
  };
}
