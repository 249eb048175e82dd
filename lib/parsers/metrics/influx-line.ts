// InfluxDB line protocol, streamed: `measurement[,tag=v…] field=v[,…] [timestamp]`. Each numeric
// field becomes series `<measurement>_<field>` with the tags as labels. Integers (`i`/`u` suffix)
// and floats are kept as written; string and boolean fields are not metrics and are skipped with
// one warning per field. Timestamps are ns unless `precision` says otherwise; the file does not
// record the writer's precision, so without the option a timestamp that is no 1990–2100 time in
// ns is read by its magnitude and warned.
import { LineSplitter } from "../line-splitter";
import { detectEpochUnit, epochToMs, isPlausible, parseEpoch, unitName, type EpochUnit } from "../time";
import type { FormatInfo, StreamParser } from "../types";
import { MetricEmitter } from "./metric-emitter";
import type { MetricParserOptions, MetricSeriesKey, MetricSink } from "./metric-sink";
import { parseInfluxFields, parseInfluxLine, parseInfluxPrefix, prefixEnd, type InfluxPrefix } from "./influx-grammar";
import { isLossyInteger } from "./sample-value";
import { headLines } from "./sniff-text";

export interface InfluxOptions extends MetricParserOptions {
  /** The writer's timestamp precision (InfluxDB `precision=`); default ns. */
  precision?: EpochUnit;
}

export const influxLineFormat: FormatInfo = {
  kind: "influx-line-protocol",
  label: "InfluxDB line protocol",
  sniff(head) {
    const lines = headLines(head, 10).filter((l) => !l.startsWith("#"));
    return (
      lines.length > 0 &&
      lines.every((l) => {
        const p = parseInfluxLine(l);
        return !("error" in p) && !p.measurement.includes("=") && p.timestamp !== null && p.timestamp.length >= 9 && p.fields.every(([, f]) => f.type !== "invalid");
      })
    );
  },
};

export function createInfluxLineParser(sink: MetricSink, options: InfluxOptions = {}): StreamParser {
  const emit = new MetricEmitter(sink);

  const readTime = (ts: string, line: number): number | null => {
    if (options.precision) {
      const time = parseEpoch(ts, options.precision);
      if (!time.ok) {
        emit.reject({ line, message: time.error });
        return null;
      }
      if (time.warning) emit.warnOnce("precision", { line, message: time.warning });
      return time.ms;
    }
    const ns = epochToMs(ts, "ns");
    if (isPlausible(ns)) return ns;
    const unit = detectEpochUnit(Number(ts));
    if (!unit) {
      emit.reject({ line, message: `timestamp ${ts} is not a 1990–2100 time in nanoseconds (nor in s, ms or µs)` });
      return null;
    }
    emit.warnOnce(`magnitude:${unit}`, {
      line,
      message: `timestamps like ${ts} have ${unitName(unit)} magnitude, not nanoseconds (the line-protocol default); read as ${unitName(unit)}`,
    });
    return epochToMs(ts, unit);
  };

  // Measurement+tags text → parsed prefix and one key per field, so each series is parsed once.
  const prefixes = new Map<string, { prefix: InfluxPrefix; keys: Map<string, MetricSeriesKey> } | { error: string }>();
  const keyFor = (text: string): { prefix: InfluxPrefix; keys: Map<string, MetricSeriesKey> } | { error: string } => {
    let entry = prefixes.get(text);
    if (!entry) {
      const prefix = parseInfluxPrefix(text);
      entry = "error" in prefix ? prefix : { prefix, keys: new Map() };
      prefixes.set(text, entry);
    }
    return entry;
  };

  const onLine = (raw: string, line: number) => {
    const text = raw.trim();
    if (text === "" || text.startsWith("#")) return;
    const end = prefixEnd(text);
    if (end === -1) return emit.reject({ line, message: "no field set: expected a space after the measurement and tags" });
    const series = keyFor(text.slice(0, end));
    if ("error" in series) return emit.reject({ line, message: series.error });
    const parsed = parseInfluxFields(text, end + 1);
    if ("error" in parsed) return emit.reject({ line, message: parsed.error });
    const { measurement, tags } = series.prefix;
    const { fields, timestamp } = parsed;
    if (timestamp === null) {
      return emit.reject({ line, message: "no timestamp: InfluxDB would have used its clock at write time, which this file does not record" });
    }
    const t = readTime(timestamp, line);
    if (t === null) return;
    let numeric = 0;
    for (const [field, f] of fields) {
      let key = series.keys.get(field);
      if (!key) series.keys.set(field, (key = { name: `${measurement}_${field}`, labels: tags, unit: null }));
      if (f.type === "number") {
        numeric++;
        if (isLossyInteger(f.text.replace(/[iu]$/, ""), f.value)) {
          emit.warnOnce(`lossy:${key.name}`, { line, message: `${key.name}: integer ${f.text} exceeds float64 precision; stored as ${f.value}` });
        }
        emit.point(key, t, f.value, line, f.text);
      } else if (f.type === "invalid") {
        emit.rejectPoint(key, line, `field value ${JSON.stringify(f.text)} is not a float, integer, string or boolean`);
      } else {
        emit.warnOnce(`${f.type}:${key.name}`, { line, message: `field ${JSON.stringify(field)} of ${JSON.stringify(measurement)} is a ${f.type}, not a metric; skipped` });
      }
    }
    if (numeric === 0 && fields.every(([, f]) => f.type === "string" || f.type === "boolean")) {
      emit.reject({ line, message: "no numeric field on this line (only string/boolean fields)" });
    }
  };

  const splitter = new LineSplitter(onLine, emit);
  return {
    write: (chunk) => splitter.write(chunk),
    end() {
      splitter.end();
      emit.finish();
    },
  };
}
