// The upload lifecycle: detect every file's format first (an unknown file rejects the request
// before anything is stored), then ingest each file in its own transaction so it lands completely
// or not at all. The upload row is written before the transaction, so a crash leaves it behind as
// "ingesting" and the next start marks it failed (lib/runtime/recover-uploads.ts).
import "server-only";
import type pg from "pg";
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { getIncident } from "@/lib/incidents/incidents";
import type { TUpload } from "@/lib/schemas/upload";
import { toUpload } from "@/lib/uploads/uploads";
import { discardTemp, keepBlob, type ReceivedFile } from "./blob-store";
import { isGzip, readContent, readHead, TruncatedGzipError } from "./evidence-reader";
import type { FormatEntry } from "./family";
import { detectFormat, formatByKind, FORMATS, INGESTERS, knownKinds } from "./formats";
import { IssueLog } from "./issue-log";
import { forgetProgress, trackProgress } from "./progress";

type Prepared = { file: ReceivedFile; format: FormatEntry<unknown>; gzip: boolean };

async function prepare(files: ReceivedFile[], kind: string | undefined): Promise<Prepared[]> {
  const forced = kind ? formatByKind(kind) : null;
  if (kind && !forced) {
    throw new ApiError(400, "unknown_kind", `Unknown kind "${kind}".`, { kind, known: knownKinds() });
  }
  const prepared: Prepared[] = [];
  const unreadable: Array<{ filename: string; reason: string }> = [];
  for (const file of files) {
    const gzip = await isGzip(file.tempPath);
    const head = file.size === 0 ? Buffer.alloc(0) : await readHead(file.tempPath, gzip);
    const format = forced ?? (head.length ? detectFormat(head) : null);
    if (format) prepared.push({ file, format, gzip });
    else unreadable.push({ filename: file.filename, reason: head.length ? "not a known evidence format" : "the file is empty" });
  }
  if (unreadable.length) {
    const names = unreadable.map((u) => `${u.filename} (${u.reason})`).join(", ");
    throw new ApiError(422, "unsupported_format", `Hindsight cannot read ${names}. Nothing was stored.`, {
      files: unreadable,
      supported: FORMATS.map((f) => f.label),
    });
  }
  return prepared;
}

/** Decompressed chunks; a truncated gzip ends the stream and is noted instead of failing the upload. */
async function* contentOf(p: Prepared, issues: IssueLog, onBytes: (n: number) => void) {
  try {
    yield* readContent(p.file.tempPath, p.gzip, onBytes);
  } catch (error) {
    if (!(error instanceof TruncatedGzipError)) throw error;
    issues.note({ line: 0, message: error.message });
  }
}

async function existingDuplicate(client: pg.PoolClient, incidentId: string, sha256: string) {
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM uploads WHERE incident_id = $1 AND sha256 = $2 AND status <> 'failed' ORDER BY created_at LIMIT 1`,
    [incidentId, sha256],
  );
  return rows[0]?.id ?? null;
}

async function ingestOne(incidentId: string, p: Prepared, source: string | undefined): Promise<TUpload> {
  const client = await db.pool.connect();
  const lockKey = `${incidentId}:${p.file.sha256}`;
  await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [lockKey]);
  try {
    const duplicateId = await existingDuplicate(client, incidentId, p.file.sha256);
    if (duplicateId) {
      await discardTemp(p.file);
      return toUpload(await db.prisma.upload.findUniqueOrThrow({ where: { id: duplicateId } }), true);
    }
    const upload = await db.prisma.upload.create({
      data: { incidentId, filename: p.file.filename, kind: p.format.kind, sha256: p.file.sha256, size: p.file.size, source: source ?? null },
    });
    const progress = trackProgress(upload.id, p.file.size);
    const issues = new IssueLog();
    try {
      await client.query("BEGIN");
      const ingest = INGESTERS[p.format.family];
      if (!ingest) throw new ApiError(422, "unsupported_format", `${p.format.label} files cannot be ingested yet.`);
      const outcome = await ingest({
        client, uploadId: upload.id, incidentId, format: p.format, progress, issues,
        chunks: contentOf(p, issues, (n) => (progress.bytesRead = n)),
      });
      const nothing = outcome.rowsParsed === 0;
      await client.query(
        `UPDATE uploads SET status = $2, rows_parsed = $3, rows_rejected = $4, time_from = to_timestamp($5 / 1000.0),
           time_to = to_timestamp($6 / 1000.0), errors = $7, failure = $8, finished_at = now() WHERE id = $1`,
        [
          upload.id, nothing ? "failed" : "ready", outcome.rowsParsed, issues.rejected, outcome.timeFrom, outcome.timeTo,
          JSON.stringify(issues.reported), nothing ? `Nothing in ${p.file.filename} could be read as ${p.format.label}.` : null,
        ],
      );
      await client.query("COMMIT");
      await keepBlob(p.file);
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      await discardTemp(p.file);
      const message = error instanceof ApiError ? error.message : "The upload failed on the server; nothing of it was stored. The error was logged.";
      if (!(error instanceof ApiError)) console.error(`[ingest] upload ${upload.id} (${p.file.filename}) failed:`, error);
      await db.prisma.upload.update({
        where: { id: upload.id },
        data: { status: "failed", failure: message, errors: issues.reported as unknown as object[], rowsRejected: issues.rejected, finishedAt: new Date() },
      });
    } finally {
      forgetProgress(upload.id);
    }
    return toUpload(await db.prisma.upload.findUniqueOrThrow({ where: { id: upload.id } }));
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockKey]).catch(() => {});
    client.release();
  }
}

/** Ingests the received files of one request into an incident; returns one upload per file. */
export async function ingestFiles(
  incidentId: string,
  files: ReceivedFile[],
  fields: { kind?: string; source?: string },
): Promise<TUpload[]> {
  try {
    await getIncident(incidentId);
    if (files.length === 0) throw new ApiError(400, "no_files", "Attach at least one file in a multipart part named \"file\".");
    const prepared = await prepare(files, fields.kind);
    const results: TUpload[] = [];
    for (const p of prepared) results.push(await ingestOne(incidentId, p, fields.source));
    return results;
  } finally {
    await Promise.all(files.map(discardTemp)); // no-op for files already moved to the blob store
  }
}
