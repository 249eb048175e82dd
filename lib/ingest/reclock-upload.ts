// Changing an upload's clock (offset, zone) after the fact: the upload is read again from its
// stored raw file with the new clock, through the same ingester as at upload, into tables built
// beside the live ones and swapped in at the end, all in one transaction. So a changed zone gives
// exactly what uploading with that zone gives (DST included), and every reader (series, top
// talkers, detectors, markers, the upload's range) sees shifted times without knowing of clocks.
import "server-only";
import { randomUUID } from "node:crypto";
import { stat } from "node:fs/promises";
import { ApiError, conflict, notFound } from "@/lib/api/errors";
import { db, inPgTransaction } from "@/lib/db";
import { publishIncidentEvent } from "@/lib/events/incident-events";
import { scheduleDetectors } from "@/lib/findings/scheduler";
import { blobPath } from "@/lib/evidence/blob-store";
import { tablesOf } from "@/lib/evidence/catalogue";
import { abortCopies } from "@/lib/evidence/copy-writer";
import { familyOfKind } from "@/lib/evidence/families";
import { holdIncidentForIngest, releaseIncidentFromIngest } from "@/lib/evidence/ingest-guard";
import { swapInStagedTables } from "@/lib/evidence/partitions";
import type { TUpload, TUploadClockPatch } from "@/lib/schemas/upload";
import { toUpload } from "@/lib/uploads/uploads";
import type { UploadProgress } from "@/lib/uploads/progress";
import { compressionOfFile, readHead } from "./evidence-reader";
import type { UploadClock } from "./family";
import { formatByKind } from "./formats";
import { markSucceeded, runFamily, type Member } from "./ingest-upload";
import { IssueLog } from "./issue-log";

/**
 * Sets an upload's clock offset and/or zone, re-reading its evidence with them, records the
 * change in the incident's history and reruns the detectors. Unchanged values change nothing.
 */
export async function setUploadClock(uploadId: string, patch: TUploadClockPatch, author: string | null): Promise<TUpload> {
  const found = await db.prisma.upload.findUnique({ where: { id: uploadId } });
  if (!found) throw notFound("Upload", uploadId);
  const client = await db.ingestPool.connect();
  let held = false;
  try {
    held = await holdIncidentForIngest(client, found.incidentId);
  } finally {
    if (!held) client.release();
  }
  if (!held) throw notFound("Upload", uploadId);
  // The lock an upload of the same file takes: a duplicate arriving meanwhile waits for the new rows.
  const lockKey = `${found.incidentId}:${found.sha256}`;
  await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [lockKey]);
  let changed = false;
  try {
    const row = await db.prisma.upload.findUnique({ where: { id: uploadId } });
    if (!row) throw notFound("Upload", uploadId);
    const from: UploadClock = { offsetMs: row.clockOffsetMs, timeZone: row.timeZone };
    const to: UploadClock = { offsetMs: patch.clockOffsetMs ?? from.offsetMs, timeZone: patch.timeZone === undefined ? from.timeZone : patch.timeZone };
    if (to.offsetMs === from.offsetMs && to.timeZone === from.timeZone) return toUpload(row);
    if (row.status === "ingesting" || row.status === "queued") throw new ApiError("upload_in_progress", `${row.filename} is still being ingested; change its clock when it has finished.`);
    if (row.status === "failed") throw conflict(`${row.filename} failed to ingest: there is no evidence of it to shift. Upload it again with clockOffsetMs / timeZone.`, { status: row.status });
    const format = formatByKind(row.kind);
    const path = blobPath(row.sha256);
    const size = await stat(path).then((s) => s.size, () => null);
    if (!format || size === null) throw conflict(`The raw file of ${row.filename} is no longer stored, so it cannot be read again; upload it again with the clock settings.`, { kind: row.kind });
    const family = format.family;

    const compression = await compressionOfFile(path);
    const head = size === 0 ? Buffer.alloc(0) : await readHead(path, compression);
    // Progress of a re-read is not published: the upload stays "ready" with its old rows until the commit.
    const progress: UploadProgress = { phase: "parsing", bytesTotal: size, bytesRead: 0, rowsParsed: 0, rowsRejected: 0 };
    const member: Member = {
      incidentId: row.incidentId, uploadId, progress, issues: new IssueLog(), clock: to, staged: family !== "markers",
      p: {
        file: { tempPath: path, filename: row.filename, sha256: row.sha256, size }, format, compression, head,
        // Headerless flow records are laid out as at upload, captures decode the ports they did.
        ...(row.flowFields ? { flowFields: row.flowFields.split(" ") } : {}),
        ...(row.dnsPorts.length ? { dnsPorts: row.dnsPorts } : {}),
      },
    };
    await inPgTransaction(client, async (tx) => {
      // A deletion of the upload meanwhile waits for this commit (and then drops the new tables).
      const { rowCount } = await tx.query("SELECT 1 FROM uploads WHERE id = $1 FOR UPDATE", [uploadId]);
      if (!rowCount) throw notFound("Upload", uploadId);
      try {
        // Markers live in one shared table, not per-upload partitions: replaced row by row.
        if (family === "markers") await tx.query("DELETE FROM markers WHERE upload_id = $1", [uploadId]);
        const [outcome] = await runFamily(tx, row.incidentId, [member]);
        if (family !== "markers") await swapInStagedTables(tx, tablesOf(family), uploadId);
        await markSucceeded(tx, member, outcome!);
      } catch (error) {
        await abortCopies(tx, error);
        throw error;
      }
      await tx.query("UPDATE uploads SET clock_offset_ms = $2, time_zone = $3 WHERE id = $1", [uploadId, to.offsetMs, to.timeZone]);
      await tx.query(
        `INSERT INTO clock_changes (id, incident_id, upload_id, filename, from_offset_ms, to_offset_ms, from_time_zone, to_time_zone, author)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [randomUUID(), row.incidentId, uploadId, row.filename, from.offsetMs, to.offsetMs, from.timeZone, to.timeZone, author],
      );
    });
    changed = true;
    const fresh = await db.prisma.upload.findUniqueOrThrow({ where: { id: uploadId } });
    await publishIncidentEvent({ incidentId: row.incidentId, topic: "uploads", id: uploadId, state: fresh.status, family: familyOfKind(row.kind) ?? undefined });
    return toUpload(fresh);
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockKey]).catch(() => {});
    await releaseIncidentFromIngest(client, found.incidentId).catch(() => {});
    client.release();
    if (changed) scheduleDetectors(found.incidentId);
  }
}
