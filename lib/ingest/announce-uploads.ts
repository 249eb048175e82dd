// Tells open incident pages how the uploads of a batch are doing: once when their rows exist,
// about once a second while they are read (phase, bytes, rows so far), and once when they end
// ("finished", with the status they ended in: ready or failed).
import "server-only";
import { db } from "@/lib/db";
import { publishIncidentEvent } from "@/lib/events/incident-events";
import type { UploadProgress } from "@/lib/uploads/progress";
import type { EvidenceFamily } from "@/lib/schemas/evidence-family";

const EVERY_MS = 1000;

type Tracked = { uploadId: string; progress: UploadProgress; p: { format: { family: EvidenceFamily } } };

/** `onTick` runs with each progress announcement (a worker stores the progress on the rows then). */
export function announceUploads(incidentId: string, uploads: Tracked[], onTick?: () => Promise<void>): { finished: () => Promise<void>; stop: () => void } {
  const publish = (u: Tracked, state: string, status?: string) =>
    publishIncidentEvent({
      incidentId, topic: "uploads", id: u.uploadId, family: u.p.format.family, state, rowsParsed: u.progress.rowsParsed, bytesRead: u.progress.bytesRead, bytesTotal: u.progress.bytesTotal,
      ...(status ? { status } : {}),
    });
  for (const u of uploads) void publish(u, "ingesting");
  const timer = setInterval(() => {
    uploads.forEach((u) => void publish(u, u.progress.phase));
    void onTick?.().catch(() => {});
  }, EVERY_MS);
  timer.unref?.();
  return {
    stop: () => clearInterval(timer),
    finished: async () => {
      clearInterval(timer);
      const { rows } = await db.pool.query<{ id: string; status: string }>("SELECT id, status::text FROM uploads WHERE id = ANY($1::uuid[])", [uploads.map((u) => u.uploadId)]).catch(() => ({ rows: [] }));
      const status = new Map(rows.map((r) => [r.id, r.status]));
      await Promise.all(uploads.map((u) => publish(u, "finished", status.get(u.uploadId))));
    },
  };
}
