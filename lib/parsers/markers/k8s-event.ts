// One Kubernetes Event (core/v1, or events.k8s.io/v1 with its renamed fields) reduced to what the
// markers need. Time precedence is kubectl's (docs/docs/formats.md §6.1): the event happened at
// series.lastObservedTime → lastTimestamp → eventTime; a repeated event started at
// firstTimestamp → eventTime.
import { parseIsoTime } from "../time";
import { isRecord, type JsonRecord } from "../metrics/json-document";

export interface K8sEvent {
  line: number;
  namespace: string | null;
  /** involvedObject / regarding. */
  kind: string;
  name: string;
  reason: string;
  message: string | null;
  type: string | null;
  count: number;
  /** Epoch ms of the first and the latest occurrence (equal for a single one). */
  start: number;
  end: number;
  source: string | null;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

export const isEventLike = (v: unknown): v is JsonRecord => isRecord(v) && (isRecord(v.involvedObject) || isRecord(v.regarding));

/** The event, or why it cannot be placed; `warnings` collects assumptions made. */
export function readK8sEvent(e: JsonRecord, line: number, warnings: string[]): K8sEvent | string {
  const obj = (isRecord(e.involvedObject) ? e.involvedObject : e.regarding) as JsonRecord;
  const kind = str(obj.kind) ?? "Object";
  const name = str(obj.name);
  const reason = str(e.reason);
  if (!name || !reason) return "event without involvedObject.name or reason";
  const series = isRecord(e.series) ? e.series : {};
  const endRaw = [series.lastObservedTime, e.lastTimestamp ?? e.deprecatedLastTimestamp, e.eventTime].find(str);
  const startRaw = [e.firstTimestamp ?? e.deprecatedFirstTimestamp, e.eventTime].find(str) ?? endRaw;
  if (typeof endRaw !== "string" || typeof startRaw !== "string") {
    return `${reason} ${kind} ${name}: no time (series.lastObservedTime, lastTimestamp and eventTime are all empty)`;
  }
  const end = parseIsoTime(endRaw);
  const start = parseIsoTime(startRaw);
  if (!end.ok) return `${reason} ${kind} ${name}: ${end.error}`;
  if (!start.ok) return `${reason} ${kind} ${name}: ${start.error}`;
  for (const w of [start.warning, end.warning]) if (w) warnings.push(w);
  if (start.ms > end.ms) warnings.push(`${reason} ${kind} ${name}: first time ${startRaw} is after the latest ${endRaw}; shown as a point at the latest`);
  const source = isRecord(e.source) ? e.source : isRecord(e.deprecatedSource) ? e.deprecatedSource : {};
  const component = str(source.component) ?? str(e.reportingController) ?? str(e.reportingComponent);
  const host = str(source.host);
  const count = [isRecord(e.series) ? e.series.count : undefined, e.count, e.deprecatedCount].find((c) => typeof c === "number");
  return {
    line,
    namespace: str(obj.namespace) ?? (isRecord(e.metadata) ? str(e.metadata.namespace) : null),
    kind,
    name,
    reason,
    message: str(e.message) ?? str(e.note),
    type: str(e.type),
    count: typeof count === "number" ? count : 1,
    start: Math.min(start.ms, end.ms),
    end: end.ms,
    source: component && host ? `${component} on ${host}` : (component ?? host),
  };
}

export const objectName = (e: Pick<K8sEvent, "kind" | "namespace" | "name">) => `${e.kind} ${e.namespace ? `${e.namespace}/` : ""}${e.name}`;
