// The history of upload clock changes (offset, zone), as the activity feed and the postmortem
// timeline read it. Written by the re-read that applies a change (lib/ingest/reclock-upload.ts).
import "server-only";
import { db } from "@/lib/db";
import type { ClockChange } from "@/lib/generated/prisma/client";
import type { TClockChange } from "@/lib/schemas/clock";

export const toClockChange = (r: ClockChange): TClockChange => ({
  id: r.id,
  uploadId: r.uploadId,
  filename: r.filename,
  fromOffsetMs: r.fromOffsetMs,
  toOffsetMs: r.toOffsetMs,
  fromTimeZone: r.fromTimeZone,
  toTimeZone: r.toTimeZone,
  author: r.author,
  at: r.createdAt.getTime(),
});

/** An incident's clock changes after `since` (all without it), oldest first, at most `take`. */
export async function listClockChanges(incidentId: string, since?: Date, take?: number): Promise<ClockChange[]> {
  return db.prisma.clockChange.findMany({
    where: { incidentId, ...(since ? { createdAt: { gt: since } } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    ...(take ? { take } : {}),
  });
}
