// Our deploy-marker convention (docs/docs/formats.md §6.5): `ts[,end_ts],kind,service[,env,version,actor,
// source,url,message]` as CSV (header required, streamed), JSON Lines or a JSON array of objects
// (parsed whole). The simpler `time[,end],label[,kind]` columns are accepted too (kind defaults
// to "marker"). Times are RFC 3339 (an offset-less one is read as UTC and warned) or epoch
// s/ms/µs/ns by magnitude.
import { parseTime } from "../time";
import type { FormatInfo, ParseIssue, StreamParser } from "../types";
import { CsvStream, sniffHeader } from "../metrics/csv-records";
import { collectText, isRecord, parseJsonValues } from "../metrics/json-document";
import { headLines, headText, isFlowHeader, jsonHeadHas } from "../metrics/sniff-text";
import type { Marker, MarkerSink } from "./marker-sink";

export interface DeployMarkerOptions {
  /** Minutes east of UTC for times written without an offset; without it UTC is assumed and warned. */
  zoneOffsetMinutes?: number;
  /** IANA zone for those times, DST included; wins over `zoneOffsetMinutes`. */
  timeZone?: string;
}

export const DEPLOY_KINDS = ["deploy", "rollback", "config", "scale", "feature_flag", "infra", "incident_note"] as const;

type Field = "ts" | "end" | "kind" | "service" | "env" | "version" | "actor" | "source" | "url" | "message" | "label";

const ALIASES: Record<string, Field> = {
  ts: "ts", time: "ts", timestamp: "ts", start: "ts", start_ts: "ts",
  end_ts: "end", end: "end", end_time: "end",
  kind: "kind", type: "kind",
  service: "service", env: "env", environment: "env", version: "version",
  actor: "actor", user: "actor", source: "source", url: "url",
  message: "message", description: "message", label: "label", title: "label",
};

const fieldOf = (name: string): Field | undefined => ALIASES[name.trim().toLowerCase()];

/** Header/keys that make a marker file: a time plus either kind+service (convention) or a label. */
function isMarkerShape(names: readonly string[]): boolean {
  const fields = new Set(names.map(fieldOf));
  const lower = names.map((n) => n.trim().toLowerCase());
  return (
    fields.has("ts") &&
    ((fields.has("kind") && fields.has("service")) || fields.has("label")) &&
    !lower.includes("value") &&
    !lower.includes("metric") &&
    !isFlowHeader(names)
  );
}

export const deployMarkersCsvFormat: FormatInfo = {
  kind: "deploy-markers-csv",
  label: "Deploy markers (CSV)",
  sniff(head) {
    const text = headText(head).trimStart();
    if (text.startsWith("{") || text.startsWith("[")) return false;
    const header = sniffHeader(headLines(head, 2));
    return header !== null && isMarkerShape(header);
  },
};

export const deployMarkersJsonFormat: FormatInfo = {
  kind: "deploy-markers-json",
  label: "Deploy markers (JSON Lines / JSON array)",
  sniff(head) {
    if (!jsonHeadHas(head, /"(ts|time|timestamp)"\s*:/) || jsonHeadHas(head, /"involvedObject"\s*:|"MetricDataResults"|"Datapoints"|"resultType"|"pointlist"/)) return false;
    const first = /\{[^{}]*\}/.exec(headText(head));
    if (!first) return false;
    try {
      const record: unknown = JSON.parse(first[0]);
      return isRecord(record) && isMarkerShape(Object.keys(record));
    } catch {
      return false;
    }
  },
};

/** Turns one record (field → text) into a marker, or says why not. */
function toMarker(get: (f: Field) => string | null, options: DeployMarkerOptions, warn: (topic: string, message: string) => void): Marker | string {
  const tsRaw = get("ts");
  if (tsRaw === null) return "no ts";
  const ts = parseTime(tsRaw, options);
  if (!ts.ok) return `ts: ${ts.error}`;
  if (ts.warning) warn("zone", `${ts.warning} (further records not repeated)`);
  let endTs: number | null = null;
  const endRaw = get("end");
  if (endRaw !== null) {
    const end = parseTime(endRaw, options);
    if (!end.ok) return `end_ts: ${end.error}`;
    if (end.warning) warn("zone", `${end.warning} (further records not repeated)`);
    if (end.ms < ts.ms) return `end_ts ${endRaw} is before ts ${tsRaw}`;
    endTs = end.ms > ts.ms ? end.ms : null;
  }
  const service = get("service");
  const label = get("label");
  const kind = get("kind") ?? (label !== null && service === null ? "marker" : null);
  if (kind === null) return "no kind";
  if (service === null && label === null) return "neither service nor label";
  if (service !== null && !(DEPLOY_KINDS as readonly string[]).includes(kind)) {
    warn(`kind:${kind}`, `kind ${JSON.stringify(kind)} is not one of ${DEPLOY_KINDS.join(", ")}; kept as written`);
  }
  const env = get("env");
  const version = get("version");
  const actor = get("actor");
  const details = [get("message"), actor && `by ${actor}`, get("url")].filter((x): x is string => !!x);
  return {
    ts: ts.ms,
    endTs,
    kind,
    label: label ?? [kind, service, version].filter(Boolean).join(" "),
    source: get("source"),
    object: service === null ? null : env ? `${env}/${service}` : service,
    message: details.length ? details.join(" · ") : null,
  };
}

function markerEmitter(sink: MarkerSink, options: DeployMarkerOptions) {
  const warned = new Set<string>();
  return (get: (f: Field) => string | null, line: number, where = "") => {
    const m = toMarker(get, options, (topic, message) => {
      if (warned.has(topic)) return;
      warned.add(topic);
      sink.warn({ line, message });
    });
    if (typeof m === "string") sink.reject({ line, message: `${where}${m}` });
    else sink.marker(m);
  };
}

export function createDeployMarkersCsvParser(sink: MarkerSink, options: DeployMarkerOptions = {}): StreamParser {
  const emit = markerEmitter(sink, options);
  let columns: Array<Field | undefined> | null = null;
  let invalid = false;
  const onRecord = (cells: string[], line: number) => {
    if (invalid) return;
    if (columns === null) {
      if (!isMarkerShape(cells)) {
        invalid = true;
        return sink.reject({ line, message: "header needs a ts/time column and kind + service (or label) columns" });
      }
      columns = cells.map(fieldOf);
      const unknown = cells.filter((c, i) => columns![i] === undefined && c.trim() !== "");
      if (unknown.length) sink.warn({ line, message: `column(s) ${unknown.join(", ")} not part of the marker convention; ignored` });
      return;
    }
    if (cells.length !== columns.length) return sink.reject({ line, message: `row has ${cells.length} fields, the header has ${columns.length}` });
    const cols = columns;
    emit((f) => cells[cols.indexOf(f)]?.trim() || null, line);
  };
  const csv = new CsvStream(onRecord, (issue: ParseIssue) => sink.reject(issue));
  return {
    write: (chunk) => csv.write(chunk),
    end() {
      csv.end();
      if (columns === null && !invalid) sink.reject({ line: 0, message: "empty file: no header" });
    },
  };
}

export function createDeployMarkersJsonParser(sink: MarkerSink, options: DeployMarkerOptions = {}): StreamParser {
  const emit = markerEmitter(sink, options);
  return collectText((text) => {
    const { values, issues } = parseJsonValues(text);
    for (const issue of issues) sink.reject(issue);
    const read = (record: unknown, line: number, where: string) => {
      if (!isRecord(record)) return sink.reject({ line, message: `${where}not a JSON object` });
      const byField = new Map<Field, string>();
      for (const [k, v] of Object.entries(record)) {
        const f = fieldOf(k);
        if (f && (typeof v === "string" || typeof v === "number") && String(v).trim() !== "") byField.set(f, String(v).trim());
      }
      emit((f) => byField.get(f) ?? null, line, where);
    };
    for (const { value, line } of values) {
      if (Array.isArray(value)) value.forEach((r, i) => read(r, line, `[${i}]: `));
      else read(value, line, "");
    }
  });
}
