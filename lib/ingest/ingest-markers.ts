// Marker family: rollouts, restarts, job start/end, config changes from Kubernetes events and
// deploy-marker files. Few rows, but still one COPY inside the upload's transaction, into the
// application's markers table (not an evidence partition: markers can also be added by hand).
import { randomUUID } from "node:crypto";
import type { Marker, MarkerSink } from "@/lib/parsers/markers/marker-sink";
import { CopyWriter, copyText } from "@/lib/evidence/copy-writer";
import { timeProblem } from "@/lib/evidence/time-window";
import { TimeSpan } from "@/lib/time/time-span";
import { bulkRange } from "./bulk-range";
import type { FamilyIngester, MarkerEntry } from "./family";

const toIso = (ms: number | null) => (ms === null ? "\\N" : new Date(ms).toISOString());

/** Why a marker cannot be stored (a NUL in its text, a time outside the window), or null. */
function unstorable(m: Marker): string | null {
  for (const field of ["kind", "label", "source", "object", "message"] as const) {
    if (m[field]?.includes("\u0000")) return `${field} contains a NUL byte`;
  }
  return timeProblem("time", m.ts) ?? (m.endTs === null ? null : timeProblem("end time", m.endTs));
}

export const ingestMarkers: FamilyIngester<MarkerEntry> = async ({ client, uploadId, incidentId, format, chunks, progress, issues, clock }) => {
  const markers: Marker[] = [];
  const offsetMs = clock?.offsetMs ?? 0;
  const sink: MarkerSink = {
    marker(m) {
      if (offsetMs) m = { ...m, ts: m.ts + offsetMs, endTs: m.endTs === null ? null : m.endTs + offsetMs };
      const problem = unstorable(m);
      if (problem) return sink.reject({ line: 0, message: `${m.label?.slice(0, 80) ?? "event"}: ${problem}; set aside` });
      markers.push(m);
      progress.rowsParsed++;
    },
    warn: (issue) => issues.note(issue),
    reject(issue) {
      issues.reject(issue);
      progress.rowsRejected++;
    },
  };
  const parser = format.create(sink, clock?.timeZone ? { timeZone: clock.timeZone } : undefined);
  for await (const chunk of chunks) parser.write(chunk);
  parser.end();

  const writer = new CopyWriter(client, "markers", ["id", "incident_id", "upload_id", "ts", "end_ts", "kind", "label", "source", "object", "message"]);
  for (const m of markers) {
    writer.row(
      [randomUUID(), incidentId, uploadId, toIso(m.ts), toIso(m.endTs), copyText(m.kind), copyText(m.label),
        copyText(m.source), copyText(m.object), copyText(m.message)].join("\t"),
    );
  }
  await writer.finish();
  const span = new TimeSpan();
  for (const m of markers) {
    span.add(m.ts);
    if (m.endTs !== null) span.add(m.endTs);
  }
  return { rowsParsed: markers.length, ...bulkRange(issues, "events", span) };
};
