// Grafana panel "Inspect → Data → Download CSV", streamed: an optional `sep=<d>` line, a quoted
// header, CRLF rows. Two layouts: series joined by time (`"Time","<series A>","<series B>"`, blank
// cells where a series has no point) and series as rows (`"Series","Time","Value"`). Headers are
// display names; `name{label="v"}` legends are split into name and labels. Time is epoch ms, or
// formatted text in the dashboard's zone when "Formatted data" is on (then the zone must be
// given, else UTC is assumed and warned).
import { parseTime } from "../time";
import type { FormatInfo, StreamParser } from "../types";
import { CsvStream, sniffHeader } from "./csv-records";
import { parseLabelSet } from "./exposition-line";
import { MetricEmitter } from "./metric-emitter";
import type { MetricParserOptions, MetricSeriesKey, MetricSink } from "./metric-sink";
import { parseSampleValue } from "./sample-value";
import { headLines, isFlowHeader } from "./sniff-text";

export const grafanaCsvFormat: FormatInfo = {
  kind: "grafana-csv",
  label: "Grafana panel CSV",
  sniff(head) {
    const lines = headLines(head, 2);
    const raw = lines[0] !== undefined && /^sep=.\s*$/.test(lines[0]) ? lines[1] : lines[0];
    const header = sniffHeader(lines);
    if (raw === undefined || header === null || !raw.startsWith('"') || isFlowHeader(header)) return false;
    const names = header.map((h) => h.toLowerCase());
    if (names.join(",") === "series,time,value") return true;
    return names[0] === "time" && names.length > 1 && !names.includes("metric") && !names.includes("value");
  },
};

/** A Grafana display name: `name{l="v"}`, `name {l="v"}`, `{l="v"}` (kept whole as the name) or free legend text. */
export function seriesFromDisplayName(display: string): Pick<MetricSeriesKey, "name" | "labels"> {
  const text = display.trim();
  const brace = text.indexOf("{");
  if (brace !== -1 && text.endsWith("}")) {
    const set = parseLabelSet(text, brace);
    const name = text.slice(0, brace).trim();
    if (!("error" in set) && set.end === text.length && (name === "" || /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name))) {
      return { name: name || text, labels: set.labels };
    }
  }
  return { name: text, labels: {} };
}

export function createGrafanaCsvParser(sink: MetricSink, options: MetricParserOptions = {}): StreamParser {
  const emit = new MetricEmitter(sink);
  let layout: "joined" | "rows" | "invalid" | null = null;
  let width = 0;
  let columns: MetricSeriesKey[] = [];
  const rowSeries = new Map<string, MetricSeriesKey>();

  const readTime = (raw: string, line: number): number | null => {
    const time = parseTime(raw.trim(), { zoneOffsetMinutes: options.zoneOffsetMinutes, timeZone: options.timeZone });
    if (!time.ok) {
      emit.reject({ line, message: `Time: ${time.error}` });
      return null;
    }
    if (time.warning) {
      emit.warnOnce("zone", { line, message: `Time: ${time.warning} — Grafana formats time in the dashboard's zone; give the zone offset if it was not UTC` });
    }
    return time.ms;
  };

  const readCell = (key: MetricSeriesKey, t: number, cell: string, line: number) => {
    const raw = cell.trim();
    if (raw === "") return emit.gap(key, t, line, "blank cell");
    const value = parseSampleValue(raw);
    if (value === null) {
      return emit.rejectPoint(key, line, `value ${JSON.stringify(raw)} is not a number (formatted text? download without "Formatted data")`);
    }
    emit.point(key, t, value, line, raw);
  };

  const onHeader = (cells: string[], line: number) => {
    const names = cells.map((c) => c.trim());
    width = names.length;
    if (names.length === 3 && names.map((n) => n.toLowerCase()).join(",") === "series,time,value") {
      layout = "rows";
      return;
    }
    if (names[0]?.toLowerCase() !== "time" || names.length < 2) {
      layout = "invalid";
      return emit.reject({ line, message: 'not a Grafana CSV header: expected "Time" then series columns, or "Series","Time","Value"' });
    }
    layout = "joined";
    const seen = new Map<string, number>();
    columns = names.slice(1).map((display, j) => {
      const { name, labels } = seriesFromDisplayName(display);
      const first = seen.get(display);
      if (first !== undefined) {
        emit.warn({ line, message: `column ${j + 2} repeats the header ${JSON.stringify(display)} of column ${first}; told apart by label column="${j + 2}"` });
        labels.column = String(j + 2);
      } else seen.set(display, j + 2);
      const key = { name, labels, unit: null };
      emit.declare(key, line);
      return key;
    });
  };

  const onRecord = (cells: string[], line: number) => {
    // Grafana writes one header per frame, so a header may also start a later block.
    const first = cells[0]?.trim().toLowerCase();
    if (layout === null || ((first === "time" || first === "series") && cells.length > 1)) return onHeader(cells, line);
    if (layout === "invalid") return;
    if (cells.length !== width) return emit.reject({ line, message: `row has ${cells.length} fields, the header has ${width}` });
    const t = readTime(layout === "rows" ? cells[1]! : cells[0]!, line);
    if (t === null) return;
    if (layout === "rows") {
      const display = cells[0]!.trim();
      let key = rowSeries.get(display);
      if (!key) rowSeries.set(display, (key = { ...seriesFromDisplayName(display), unit: null }));
      return readCell(key, t, cells[2]!, line);
    }
    columns.forEach((key, j) => readCell(key, t, cells[j + 1]!, line));
  };

  const csv = new CsvStream(onRecord, (issue) => emit.reject(issue));
  return {
    write: (chunk) => csv.write(chunk),
    end() {
      csv.end();
      if (layout === null) emit.reject({ line: 0, message: "empty file: no Grafana CSV header" });
      emit.finish();
    },
  };
}
