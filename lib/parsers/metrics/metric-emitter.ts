// Sits between a format parser and its MetricSink and applies the rules documented in
// metric-sink.ts (finite values, gaps, units, duplicate timestamps, empty series), so every format
// answers the same questions with the same words.
import { formatTime } from "../time";
import type { ParseIssue } from "../types";
import type { MetricSeriesKey, MetricSink } from "./metric-sink";

interface SeriesState {
  key: MetricSeriesKey;
  /** Times appended in increasing order, with their values (binary-searched for late points). */
  times: Float64Array;
  values: Float64Array;
  n: number;
  /** Points that arrived earlier than the latest one: time → value. */
  late: Map<number, number> | null;
  kept: number;
  rejected: number;
  gaps: number;
  firstGap: string;
  duplicates: number;
  firstDuplicate: string;
}

function describeSeries(key: Pick<MetricSeriesKey, "name" | "labels">): string {
  const labels = Object.entries(key.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return labels.length ? `${key.name}{${labels.join(",")}}` : key.name;
}

function identity(key: MetricSeriesKey): string {
  let id = key.name;
  for (const k of Object.keys(key.labels).sort()) id += `\u0000${k}\u0001${key.labels[k]}`;
  return id;
}

export class MetricEmitter {
  private readonly series = new Map<string, SeriesState>();
  /** Parsers reuse key objects per series; this skips building the identity string for them. */
  private readonly byKey = new WeakMap<MetricSeriesKey, SeriesState>();
  private readonly unitsByName = new Map<string, string | null>();
  private readonly warned = new Set<string>();
  private lastKey: MetricSeriesKey | null = null;
  private lastState: SeriesState | null = null;

  constructor(private readonly sink: MetricSink) {}

  warn(issue: ParseIssue): void {
    this.sink.warn(issue);
  }

  reject(issue: ParseIssue): void {
    this.sink.reject(issue);
  }

  /** Warns once per `topic` (e.g. one "no UTC offset" per file, not one per row). */
  warnOnce(topic: string, issue: ParseIssue): void {
    if (this.warned.has(topic)) return;
    this.warned.add(topic);
    this.sink.warn(issue);
  }

  /** Registers a series so that it is reported if it ends up with no point. */
  declare(key: MetricSeriesKey, line: number): void {
    this.state(key, line);
  }

  /** A missing value (null, blank): not emitted, counted per series. `what` names it, e.g. "null value". */
  gap(key: MetricSeriesKey, t: number | null, line: number, what: string): void {
    const s = this.state(key, line);
    if (s.gaps++ === 0) s.firstGap = `${what}${t === null ? "" : ` at ${formatTime(t)}`}${line > 0 ? ` (line ${line})` : ""}`;
  }

  /** Rejects a sample of `key` that could not be read (bad value or time). */
  rejectPoint(key: MetricSeriesKey, line: number, reason: string): void {
    this.state(key, line).rejected++;
    this.sink.reject({ line, message: `${describeSeries(key)}: ${reason}` });
  }

  /** `raw` is the value as written in the export, for messages. Keys are treated as immutable. */
  point(key: MetricSeriesKey, t: number, value: number, line: number, raw?: string): void {
    const s = this.state(key, line);
    const at = () => `${describeSeries(key)} at ${formatTime(t)}`;
    if (s.key.unit !== key.unit) {
      s.rejected++;
      this.sink.reject({ line, message: `${at()}: unit ${JSON.stringify(key.unit)} differs from the series' unit ${JSON.stringify(s.key.unit)}; not converted` });
      return;
    }
    if (!Number.isFinite(value)) {
      s.rejected++;
      this.sink.reject({ line, message: `${at()}: value ${raw ?? String(value)} is not a finite number; not stored` });
      return;
    }
    const previous = this.recordOrGet(s, t, value);
    if (previous !== undefined) {
      if (previous === value) {
        if (s.duplicates++ === 0) s.firstDuplicate = `${formatTime(t)}${line > 0 ? ` (line ${line})` : ""}`;
      } else {
        s.rejected++;
        this.sink.reject({ line, message: `${at()}: second value ${raw ?? value} for the same timestamp conflicts with ${previous}; first kept` });
      }
      return;
    }
    s.kept++;
    this.sink.point(s.key, t, value);
  }

  /** Emits the per-series summaries. Call once, from the parser's end(). */
  finish(): void {
    for (const s of this.series.values()) {
      const name = describeSeries(s.key);
      if (s.gaps) this.sink.warn({ line: 0, message: `${name}: ${s.gaps} missing value(s) not stored (gaps, not zero); first: ${s.firstGap}` });
      if (s.duplicates) this.sink.warn({ line: 0, message: `${name}: ${s.duplicates} duplicate point(s) with the same time and value skipped; first at ${s.firstDuplicate}` });
      if (s.kept === 0) {
        const why = s.rejected ? `all ${s.rejected} point(s) rejected` : s.gaps ? "only missing values" : "the series is empty";
        this.sink.warn({ line: 0, message: `${name}: no point kept (${why})` });
      }
    }
  }

  private state(key: MetricSeriesKey, line: number): SeriesState {
    if (key === this.lastKey && this.lastState) return this.lastState;
    let s = this.byKey.get(key) ?? this.series.get(identity(key));
    if (!s) {
      const key0: MetricSeriesKey = { name: key.name, labels: { ...key.labels }, unit: key.unit };
      s = { key: key0, times: new Float64Array(16), values: new Float64Array(16), n: 0, late: null, kept: 0, rejected: 0, gaps: 0, firstGap: "", duplicates: 0, firstDuplicate: "" };
      this.series.set(identity(key), s);
      // Across series of one name only declared units can conflict; an undeclared one is not a unit.
      const unit = this.unitsByName.get(key.name);
      if (unit === undefined || unit === null) this.unitsByName.set(key.name, key.unit);
      else if (key.unit !== null && unit !== key.unit) {
        this.warnOnce(`units:${key.name}`, {
          line,
          message: `${key.name}: series in different units (${JSON.stringify(unit)} and ${JSON.stringify(key.unit)}); values are not converted — compare them with care`,
        });
      }
    }
    this.byKey.set(key, s);
    this.lastKey = key;
    this.lastState = s;
    return s;
  }

  /** The value already stored at `t`; otherwise records (t, value) and returns undefined. */
  private recordOrGet(s: SeriesState, t: number, value: number): number | undefined {
    const n = s.n;
    if (n === 0 || t > s.times[n - 1]!) {
      if (n === s.times.length) {
        const times = new Float64Array(n * 2);
        const values = new Float64Array(n * 2);
        times.set(s.times);
        values.set(s.values);
        s.times = times;
        s.values = values;
      }
      s.times[n] = t;
      s.values[n] = value;
      s.n = n + 1;
      return undefined;
    }
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = s.times[mid]!;
      if (m === t) return s.values[mid];
      if (m < t) lo = mid + 1;
      else hi = mid - 1;
    }
    const late = (s.late ??= new Map());
    const previous = late.get(t);
    if (previous === undefined) late.set(t, value);
    return previous;
  }
}
