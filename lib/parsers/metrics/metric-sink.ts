// What every metric parser emits, and the rules all of them follow (enforced by MetricEmitter):
//
// * Time `t` is epoch milliseconds, UTC. It is an integer for every source whose precision is ms or
//   coarser; sub-ms precision (InfluxDB µs/ns, OpenMetrics fractional seconds) is kept as a
//   fraction. Bare numbers whose unit the format does not fix are read by magnitude (see time.ts);
//   date-times without an offset are assumed UTC and warned once per file.
// * `value` is the exported number, unconverted: no resampling, no rate conversion, no unit
//   scaling. It is always finite: NaN, +Inf and -Inf cannot be drawn or sent as JSON, so each such
//   sample is rejected with its series, time and spelling.
// * Missing values (JSON null, a blank CSV cell) are gaps, never 0: nothing is emitted and each
//   series gets one warning counting them. A non-numeric value (text, boolean) is rejected.
// * A series is identified by name + labels. Its unit is the first one seen; a later point in
//   another unit is rejected (never converted), and one warning is given when series of the same
//   name declare different units.
// * A second point with the same time in a series: an identical value is skipped (one warning per
//   series with the count); a different value is rejected, the first one is kept.
// * A series with no kept point gets a warning saying why (empty, all gaps, all rejected).
// * Points come in file order per series (JSON exports are sorted by time first); consumers must
//   not assume global time order.
// * ParseIssue.line is the 1-based line for line-oriented formats. Whole-document JSON formats
//   report line 0 and name the series and point in the message.
import type { ParseIssue } from "../types";

export interface MetricSeriesKey {
  name: string;
  /** Label/tag/dimension pairs; empty values are omitted. */
  labels: Record<string, string>;
  /** As declared by the export (OpenMetrics `# UNIT`, Datadog unit, CloudWatch Unit); null when not declared. */
  unit: string | null;
}

export interface MetricSink {
  /** `series` is the same object for every point of a series. */
  point(series: MetricSeriesKey, t: number, value: number): void;
  /** Something was assumed or skipped while the data kept is trustworthy. */
  warn(issue: ParseIssue): void;
  /** A sample (or a whole document) that was not kept, and why. */
  reject(issue: ParseIssue): void;
}

/** Options every metric parser accepts. */
export interface MetricParserOptions {
  /** Minutes east of UTC for date-times written without an offset (e.g. Grafana "formatted" CSV). */
  zoneOffsetMinutes?: number;
  /** IANA zone for those date-times, DST included; wins over `zoneOffsetMinutes`. */
  timeZone?: string;
}
