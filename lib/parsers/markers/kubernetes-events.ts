// `kubectl get events -o json` (a List of Events), `-o json` of one Event, JSON Lines and
// `kubectl get events -w -o json` (concatenated objects); core/v1 and events.k8s.io/v1 fields.
// Every event becomes a marker `k8s:<reason>` (a band from first to latest occurrence when it
// repeated); every recognised Deployment rollout becomes one `rollout` band (k8s-rollouts.ts).
// Parsed whole: event exports are bounded (events expire after about an hour) and rollout
// recognition needs all of them.
import type { FormatInfo, StreamParser } from "../types";
import { collectText, isRecord, parseJsonValues } from "../metrics/json-document";
import { jsonHeadHas } from "../metrics/sniff-text";
import { isEventLike, objectName, readK8sEvent, type K8sEvent } from "./k8s-event";
import { parseScalingMessage, recogniseRollouts } from "./k8s-rollouts";
import type { Marker, MarkerSink } from "./marker-sink";

export interface KubernetesEventsOptions {
  /** Longest pause between two scaling steps of one rollout; default 10 min. */
  rolloutGapMs?: number;
}

export const kubernetesEventsFormat: FormatInfo = {
  kind: "k8s-events",
  label: "Kubernetes events (kubectl get events -o json)",
  sniff: (head) =>
    jsonHeadHas(head, /"involvedObject"\s*:/) || jsonHeadHas(head, /"regarding"\s*:/, /"reason"\s*:/) || jsonHeadHas(head, /"kind"\s*:\s*"EventList"/),
};

function eventMarker(e: K8sEvent): Marker {
  const object = objectName(e);
  return {
    ts: e.start,
    endTs: e.end > e.start ? e.end : null,
    kind: `k8s:${e.reason}`,
    label: `${e.reason}${e.count > 1 ? ` ×${e.count}` : ""} ${object}`,
    source: e.source,
    object,
    message: e.message,
  };
}

export function createKubernetesEventsParser(sink: MarkerSink, options: KubernetesEventsOptions = {}): StreamParser {
  return collectText((text) => {
    const { values, issues } = parseJsonValues(text);
    for (const issue of issues) sink.reject(issue);
    const events: K8sEvent[] = [];
    const warnings: string[] = [];
    let rejected = issues.length;
    const read = (item: unknown, line: number, where: string) => {
      if (!isEventLike(item)) {
        const kind = isRecord(item) && typeof item.kind === "string" ? `a ${item.kind}` : "not an object with involvedObject";
        rejected++;
        return sink.reject({ line, message: `${where}is ${kind}, not an Event` });
      }
      const event = readK8sEvent(item, line, warnings);
      if (typeof event === "string") {
        rejected++;
        return sink.reject({ line, message: `${where}${event}` });
      }
      events.push(event);
      if (event.reason === "ScalingReplicaSet" && !parseScalingMessage(event.message)) {
        warnings.push(`${where}ScalingReplicaSet message ${JSON.stringify(event.message)} not understood; not used for rollouts`);
      }
    };
    for (const { value, line } of values) {
      if (isRecord(value) && Array.isArray(value.items)) value.items.forEach((item, i) => read(item, line, `items[${i}]: `));
      else if (Array.isArray(value)) value.forEach((item, i) => read(item, line, `[${i}]: `));
      else read(value, line, "");
    }
    for (const w of new Set(warnings)) sink.warn({ line: 0, message: w });
    if (events.length === 0 && rejected === 0) sink.warn({ line: 0, message: "the export contains no events" });
    const ordered = events.map(eventMarker).sort((a, b) => a.ts - b.ts);
    for (const m of ordered) sink.marker(m);
    for (const m of recogniseRollouts(events, options.rolloutGapMs)) sink.marker(m);
  });
}
