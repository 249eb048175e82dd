// Upload records: reading them for the API, and deleting an upload with everything derived from it.
import "server-only";
import { publishIncidentEvent } from "@/lib/events/incident-events";
import { db, withPgTransaction } from "@/lib/db";
import { ApiError, notFound } from "@/lib/api/errors";
import type { Upload } from "@/lib/generated/prisma/client";
import { scheduleDetectors } from "@/lib/findings/scheduler";
import { removeUnusedBlobs } from "@/lib/evidence/blob-store";
import { dropUploadTables } from "@/lib/evidence/partitions";
import { familyOfKind } from "@/lib/evidence/families";
import { readProgress, type UploadProgress } from "@/lib/uploads/progress";
import type { TUpload } from "@/lib/schemas/upload";
import { toMs } from "@/lib/schemas/time";
import { pageOf, prismaPage, type TPage, type TPaging } from "@/lib/schemas/page";

type StoredAccounting = NonNullable<TUpload["packets"]> & { encapsulations: NonNullable<TUpload["encapsulations"]> };

export function toUpload(row: Upload, duplicate = false): TUpload {
  // In this process while it ingests here; from the row when a worker elsewhere reads it.
  const running = row.status === "ingesting" || row.status === "queued";
  const progress = running ? (readProgress(row.id) ?? (row.progress as UploadProgress | null) ?? undefined) : undefined;
  const accounting = row.packets as StoredAccounting | null;
  return {
    id: row.id,
    incidentId: row.incidentId,
    filename: row.filename,
    kind: row.kind,
    status: row.status,
    size: Number(row.size),
    sha256: row.sha256,
    rowsParsed: progress?.rowsParsed ?? row.rowsParsed,
    rowsRejected: progress?.rowsRejected ?? row.rowsRejected,
    timeRange: { from: toMs(row.timeFrom), to: toMs(row.timeTo) },
    errors: (row.errors as TUpload["errors"]) ?? [],
    source: row.source,
    failure: row.failure,
    createdAt: row.createdAt.getTime(),
    finishedAt: toMs(row.finishedAt),
    duplicate,
    packets: accounting ? { total: accounting.total, decoded: accounting.decoded, setAside: accounting.setAside } : null,
    encapsulations: accounting ? accounting.encapsulations : null,
    gaps: row.gaps,
    fields: row.flowFields ? row.flowFields.split(" ") : null,
    clockOffsetMs: row.clockOffsetMs,
    timeZone: row.timeZone,
    ...(progress ? { progress: { ...progress } } : {}),
    ...(row.url ? { url: row.url } : {}),
    ...(row.refusal ? { refusal: row.refusal as NonNullable<TUpload["refusal"]> } : {}),
  };
}

export async function getUpload(id: string): Promise<TUpload> {
  const row = await db.prisma.upload.findUnique({ where: { id } });
  if (!row) throw notFound("Upload", id);
  return toUpload(row);
}

export async function listUploads(incidentId: string, page: TPaging = null): Promise<TPage<"uploads", TUpload>> {
  const rows = await db.prisma.upload.findMany({ where: { incidentId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], ...prismaPage(page) });
  const { items, nextCursor } = pageOf(rows, page);
  return { uploads: items.map((r) => toUpload(r)), nextCursor };
}

/** Deletes an upload, every evidence row derived from it (its partitions) atomically, then its raw file. */
export async function deleteUpload(id: string): Promise<void> {
  const { incidentId, sha256, kind } = await withPgTransaction(async (client) => {
    const { rows } = await client.query<{ status: string; incident_id: string; sha256: string; kind: string }>(
      "DELETE FROM uploads WHERE id = $1 RETURNING status, incident_id, sha256, kind",
      [id],
    );
    if (!rows[0]) throw notFound("Upload", id);
    if (rows[0].status === "ingesting") throw new ApiError("upload_in_progress", "This upload is still being ingested; delete it when it has finished.");
    await dropUploadTables(client, id);
    return { incidentId: rows[0].incident_id, sha256: rows[0].sha256, kind: rows[0].kind };
  });
  await removeUnusedBlobs(db.pool, [sha256]);
  await publishIncidentEvent({ incidentId, topic: "uploads", id, state: "deleted", family: familyOfKind(kind) ?? undefined });
  scheduleDetectors(incidentId);
}
