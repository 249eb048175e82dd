// Prometheus text exposition 0.0.4 and OpenMetrics 1.0 with per-sample timestamps, streamed line
// by line. The two differ in timestamp unit (Prometheus ms, OpenMetrics s); instead of trusting
// a `# EOF` that only arrives at the end, each timestamp's magnitude decides (the 1990–2100 windows
// of s and ms do not overlap), and a contradiction with the declared dialect is warned.
import { LineSplitter } from "../line-splitter";
import { detectEpochUnit, epochToMs } from "../time";
import type { FormatInfo, StreamParser } from "../types";
import { parseExpositionLine, parseLabelSet } from "./exposition-line";
import { MetricEmitter } from "./metric-emitter";
import type { MetricParserOptions, MetricSeriesKey, MetricSink } from "./metric-sink";
import { parseSampleValue } from "./sample-value";
import { headLines } from "./sniff-text";

export interface ExpositionOptions extends MetricParserOptions {
  /** Epoch ms used for samples without a timestamp (a plain scrape); without it they are rejected. */
  scrapeTime?: number;
  /** Forces the timestamp unit instead of reading it from each timestamp's magnitude. */
  timestampUnit?: "s" | "ms";
}

const META = /^#\s+(TYPE|HELP|UNIT)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s+(.*))?$/;
const OPENMETRICS_ONLY_TYPES = new Set(["unknown", "info", "stateset", "gaugehistogram"]);
/** Samples of a family that are measured in the family's unit (buckets, counts and _created are not). */
const UNIT_SUFFIXES = ["", "_total", "_sum"];

export const expositionFormat: FormatInfo = {
  kind: "prometheus-text",
  label: "Prometheus / OpenMetrics text exposition",
  sniff(head) {
    let evidence = false;
    for (const line of headLines(head, 20)) {
      const t = line.trimStart();
      if (t.startsWith("#")) {
        if (META.test(t)) evidence = true;
        continue;
      }
      const s = parseExpositionLine(t);
      if ("error" in s || parseSampleValue(s.value) === null) return false;
      if (s.labelsAt >= 0 && "error" in parseLabelSet(t, s.labelsAt)) return false;
      if (s.timestamp !== null && !/^-?\d+(\.\d+)?$/.test(s.timestamp)) return false;
      evidence = true;
    }
    return evidence;
  },
};

export function createExpositionParser(sink: MetricSink, options: ExpositionOptions = {}): StreamParser {
  const emit = new MetricEmitter(sink);
  const units = new Map<string, string>();
  /** Series text → key, so that each series' labels are parsed once. */
  const keys = new Map<string, MetricSeriesKey>();
  let openMetricsSign: string | null = null;
  let eofLine = 0;
  let msStamps = 0;
  let sStamps = 0;

  const unitOf = (name: string): string | null => {
    if (units.size === 0) return null;
    for (const suffix of UNIT_SUFFIXES) {
      if (!name.endsWith(suffix)) continue;
      const unit = units.get(name.slice(0, name.length - suffix.length));
      if (unit !== undefined) return unit;
    }
    return null;
  };

  const onLine = (raw: string, line: number) => {
    const text = raw.trim();
    if (text === "") return;
    if (eofLine) return emit.reject({ line, message: `content after "# EOF" (line ${eofLine}) ignored` });
    if (text.startsWith("#")) {
      if (text === "# EOF") {
        eofLine = line;
        openMetricsSign ??= '"# EOF"';
        return;
      }
      const meta = META.exec(text);
      if (meta?.[1] === "UNIT" && meta[3]) {
        units.set(meta[2]!, meta[3].trim());
        openMetricsSign ??= `"# UNIT" on line ${line}`;
      }
      if (meta?.[1] === "TYPE" && OPENMETRICS_ONLY_TYPES.has(meta[3]?.trim() ?? "")) openMetricsSign ??= `type ${meta[3]} on line ${line}`;
      return;
    }
    const sample = parseExpositionLine(text);
    if ("error" in sample) return emit.reject({ line, message: sample.error });
    const unit = unitOf(sample.name);
    let key = keys.get(sample.series);
    if (key?.unit !== unit) {
      const set = sample.labelsAt >= 0 ? parseLabelSet(text, sample.labelsAt) : { labels: {} };
      if ("error" in set) return emit.reject({ line, message: set.error });
      key = { name: sample.name, labels: set.labels, unit };
      keys.set(sample.series, key);
    }
    const value = parseSampleValue(sample.value);
    if (value === null) return emit.rejectPoint(key, line, `value ${JSON.stringify(sample.value)} is not a number`);
    let t: number;
    if (sample.timestamp === null) {
      if (options.scrapeTime === undefined) {
        return emit.rejectPoint(key, line, "no timestamp: a scrape without timestamps has no time of its own — supply the scrape time");
      }
      t = options.scrapeTime;
    } else {
      const n = Number(sample.timestamp);
      const unit = options.timestampUnit ?? detectEpochUnit(n);
      if (unit !== "s" && unit !== "ms") {
        return emit.rejectPoint(key, line, `timestamp ${sample.timestamp} is neither OpenMetrics seconds nor Prometheus milliseconds between 1990 and 2100`);
      }
      t = epochToMs(sample.timestamp, unit);
      if (!Number.isFinite(t)) return emit.rejectPoint(key, line, `timestamp ${JSON.stringify(sample.timestamp)} is not a number`);
      if (options.timestampUnit === undefined && unit === "ms") {
        msStamps++;
        if (openMetricsSign) warnDialect(line);
      } else if (options.timestampUnit === undefined) sStamps++;
    }
    emit.point(key, t, value, line, sample.value);
  };

  const warnDialect = (line: number) =>
    emit.warnOnce("dialect", {
      line,
      message: `the file is OpenMetrics (${openMetricsSign}), whose timestamps are seconds, but timestamps have millisecond magnitude; read as milliseconds`,
    });

  const splitter = new LineSplitter(onLine, emit);
  return {
    write: (chunk) => splitter.write(chunk),
    end() {
      splitter.end();
      if (msStamps && eofLine) warnDialect(eofLine);
      if (sStamps && !openMetricsSign) {
        emit.warn({ line: 0, message: `${sStamps} timestamp(s) have seconds magnitude in a file without "# EOF" (Prometheus text uses milliseconds); read as seconds` });
      }
      emit.finish();
    },
  };
}
