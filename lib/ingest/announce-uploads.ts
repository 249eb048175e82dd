// Tells open incident pages how the uploads of a batch are doing: once when their rows exist,
// about once a second while they are read (phase, bytes, rows so far), and once when they end.
import "server-only";
import { publishIncidentEvent } from "@/lib/events/incident-events";
import type { UploadProgress } from "@/lib/uploads/progress";
import type { EvidenceFamily } from "@/lib/schemas/evidence-family";

const EVERY_MS = 1000;

type Tracked = { uploadId: string; progress: UploadProgress; p: { format: { family: EvidenceFamily } } };

export function announceUploads(incidentId: string, uploads: Tracked[]): { finished: () => Promise<void>; stop: () => void } {
  const publish = (u: Tracked, state: string) =>
    publishIncidentEvent({ incidentId, topic: "uploads", id: u.uploadId, family: u.p.format.family, state, rowsParsed: u.progress.rowsParsed, bytesRead: u.progress.bytesRead, bytesTotal: u.progress.bytesTotal });
  for (const u of uploads) void publish(u, "ingesting");
  const timer = setInterval(() => uploads.forEach((u) => void publish(u, u.progress.phase)), EVERY_MS);
  timer.unref?.();
  return {
    stop: () => clearInterval(timer),
    finished: async () => {
      clearInterval(timer);
      await Promise.all(uploads.map((u) => publish(u, "finished")));
    },
  };
}
