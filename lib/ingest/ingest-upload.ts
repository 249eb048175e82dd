// The upload lifecycle: detect every file's format first (an unknown file rejects the request
// before anything is stored), then ingest in transactions so each upload lands completely or not
// at all: one transaction per file, except the captures of one request, which are read together
// in time order (rotated tcpdump files form one timeline) and commit together. Upload rows are
// written before the transaction, so a crash leaves them "ingesting" and the next start marks
// them failed (lib/runtime/recover-uploads.ts).
import "server-only";
import type pg from "pg";
import { ApiError, notFound } from "@/lib/api/errors";
import { db, inPgTransaction } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { scheduleDetectors } from "@/lib/findings/scheduler";
import type { TUpload } from "@/lib/schemas/upload";
import { toUpload } from "@/lib/uploads/uploads";
import { keepBlob, type ReceivedFile } from "@/lib/evidence/blob-store";
import { abortCopies } from "@/lib/evidence/copy-writer";
import { holdIncidentForIngest, incidentStopping, releaseIncidentFromIngest } from "@/lib/evidence/ingest-guard";
import { compressionOfFile, readContent, readHead, TruncatedCompressedError, type Compression } from "./evidence-reader";
import { forgetProgress, trackProgress, type UploadProgress } from "@/lib/uploads/progress";
import type { CaptureEntry, FormatEntry, IngestOutcome, UploadClock } from "./family";
import { detectFormat, formatByKind, knownKinds, unsupportedFormat, whyUnreadable } from "./formats";
import { firstPacketUs, ingestCaptures } from "./ingest-captures";
import { ingestFlows } from "./ingest-flows";
import { ingestMarkers } from "./ingest-markers";
import { ingestMetrics } from "./ingest-metrics";
import { IssueLog } from "./issue-log";
import { uploadLimits } from "./limits";
import { announceUploads } from "./announce-uploads";

export type Prepared<F extends FormatEntry = FormatEntry> = {
  file: ReceivedFile; format: F; compression: Compression | null; head: Buffer;
  /** AWS flow logs: the layout of headerless records (the upload's `fields`; stored as uploads.flow_fields). */
  flowFields?: readonly string[];
  /** Captures: the upload's `dnsPorts`. */
  dnsPorts?: readonly number[];
};

export const isCapture = (p: Prepared): p is Prepared<CaptureEntry> => p.format.family === "captures";

export async function prepare(files: ReceivedFile[], kind: string | undefined, flowFields: readonly string[] | undefined): Promise<Prepared[]> {
  const forced = kind ? formatByKind(kind) : null;
  if (kind && !forced) throw new ApiError("unknown_kind", `Unknown kind "${kind}".`, { kind, known: knownKinds() });
  const prepared: Prepared[] = [];
  const unreadable: Array<{ filename: string; reason: string }> = [];
  for (const file of files) {
    const compression = await compressionOfFile(file.tempPath);
    const head = file.size === 0 ? Buffer.alloc(0) : await readHead(file.tempPath, compression);
    const format = forced ?? (head.length ? detectFormat(head, flowFields) : null);
    const fieldsApply = flowFields !== undefined && format?.family === "flows" && format.kind !== "gcp-vpc-flow";
    if (format) prepared.push({ file, format, compression, head, ...(fieldsApply ? { flowFields } : {}) });
    else unreadable.push({ filename: file.filename, reason: head.length ? whyUnreadable(head) : "the file is empty" });
  }
  if (unreadable.length) throw unsupportedFormat(unreadable);
  return prepared;
}

const STOPPED = "The incident was deleted while this file was being ingested; nothing of it was stored.";

/**
 * Decompressed chunks; a truncated compressed stream ends it and is noted instead of failing the
 * upload. The deletion of the incident stops it at the next chunk.
 */
export async function* contentOf(incidentId: string, p: Prepared, issues: IssueLog, progress: UploadProgress) {
  try {
    for await (const chunk of readContent(p.file.tempPath, p.compression, (n) => (progress.bytesRead = n), uploadLimits())) {
      if (incidentStopping(incidentId)) throw new ApiError("not_found", STOPPED);
      yield chunk;
    }
  } catch (error) {
    if (!(error instanceof TruncatedCompressedError)) throw error;
    issues.note({ line: 0, message: error.message });
  }
}

export async function duplicateOf(client: pg.PoolClient, incidentId: string, sha256: string): Promise<string | null> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM uploads WHERE incident_id = $1 AND sha256 = $2 AND status <> 'failed' ORDER BY created_at LIMIT 1`,
    [incidentId, sha256],
  );
  return rows[0]?.id ?? null;
}

export type Member<F extends FormatEntry = FormatEntry> = {
  incidentId: string; p: Prepared<F>; uploadId: string; progress: UploadProgress; issues: IssueLog; clock?: UploadClock; staged?: boolean;
};

const inputOf = <F extends FormatEntry>(m: Member<F>) => ({
  uploadId: m.uploadId, format: m.p.format, progress: m.progress, issues: m.issues, chunks: contentOf(m.incidentId, m.p, m.issues, m.progress),
  clock: m.clock, staged: m.staged, flowFields: m.p.flowFields, dnsPorts: m.p.dnsPorts,
});

/** Captures are read as one batch; every other family one file at a time. */
export async function runFamily(client: pg.PoolClient, incidentId: string, members: Member[]): Promise<IngestOutcome[]> {
  const captures = members.filter((m): m is Member<CaptureEntry> => isCapture(m.p));
  if (captures.length) return ingestCaptures(client, captures.map(inputOf));
  const one = { client, incidentId, ...inputOf(members[0]!) };
  const format = one.format;
  switch (format.family) {
    case "flows": return [await ingestFlows({ ...one, format })];
    case "metrics": return [await ingestMetrics({ ...one, format })];
    case "markers": return [await ingestMarkers({ ...one, format })];
    case "captures": throw new Error("unreachable: captures are batched above");
  }
}

/** finished_at is the wall clock (now() would be the transaction's start, when the ingest began). */
export async function markSucceeded(client: pg.PoolClient, m: Member, outcome: IngestOutcome) {
  // A flow log of only NODATA/SKIPDATA windows still says what was covered.
  const nothing = outcome.rowsParsed === 0 && !outcome.gaps;
  await client.query(
    `UPDATE uploads SET status = $2, rows_parsed = $3, rows_rejected = $4, time_from = to_timestamp($5 / 1000.0),
       time_to = to_timestamp($6 / 1000.0), errors = $7, failure = $8, packets = $9, gaps = $10, finished_at = clock_timestamp(), progress = NULL WHERE id = $1`,
    [
      m.uploadId, nothing ? "failed" : "ready", outcome.rowsParsed, m.issues.rejected, outcome.timeFrom, outcome.timeTo,
      JSON.stringify(m.issues.reported), nothing ? `Nothing in ${m.p.file.filename} could be read as ${m.p.format.label}.` : null,
      outcome.packets ? JSON.stringify(outcome.packets) : null, outcome.gaps ?? null,
    ],
  );
}

/**
 * A failed upload must never stay "ingesting" (undeletable, and a duplicate of every retry): when
 * its issues cannot be stored either, it is marked failed without them.
 */
export async function markFailed(m: Member, failure: string) {
  const data = { status: "failed" as const, failure, rowsRejected: m.issues.rejected, finishedAt: new Date(), progress: Prisma.DbNull };
  try {
    await db.prisma.upload.update({ where: { id: m.uploadId }, data: { ...data, errors: m.issues.reported as unknown as object[] } });
  } catch (error) {
    console.error(`[ingest] could not store the issues of ${m.p.file.filename}:`, error);
    await db.prisma.upload.update({ where: { id: m.uploadId }, data });
  }
}

/**
 * Reads members that commit together in one transaction on `client` (which holds the incident),
 * marking each ready or failed. `keepBlobs`: move their received files into the blob store after
 * the commit (queued uploads are read from it already).
 */
export async function commitMembers(client: pg.PoolClient, incidentId: string, members: Member[], { keepBlobs }: { keepBlobs: boolean }): Promise<void> {
  try {
    await inPgTransaction(client, async (tx) => {
      try {
        const outcomes = await runFamily(tx, incidentId, members);
        for (const [i, m] of members.entries()) await markSucceeded(tx, m, outcomes[i]!);
      } catch (error) {
        await abortCopies(tx, error);
        throw error;
      }
    });
    if (keepBlobs) for (const m of members) await keepBlob(m.p.file);
  } catch (error) {
    const message = error instanceof ApiError ? error.message : "The upload failed on the server; nothing of it was stored. The error was logged.";
    if (!(error instanceof ApiError)) console.error(`[ingest] ${members.map((m) => m.p.file.filename).join(", ")} failed:`, error);
    for (const m of members) await markFailed(m, message);
  }
}

/** Ingests files that commit together (one file, or the captures of a request). */
async function ingestBatch(incidentId: string, batch: Prepared[], source: string | undefined, clock: UploadClock): Promise<TUpload[]> {
  const client = await db.ingestPool.connect();
  let held = false;
  try {
    held = await holdIncidentForIngest(client, incidentId);
  } finally {
    if (!held) client.release();
  }
  if (!held) throw notFound("Incident", incidentId);
  const lockKeys = [...new Set(batch.map((p) => `${incidentId}:${p.file.sha256}`))].sort();
  for (const key of lockKeys) await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [key]);
  const results = new Map<Prepared, string>();
  const duplicates = new Set<string>();
  const members: Member[] = [];
  let announcer: ReturnType<typeof announceUploads> | null = null;
  try {
    for (const p of batch) {
      const dup = (await duplicateOf(client, incidentId, p.file.sha256)) ?? members.find((m) => m.p.file.sha256 === p.file.sha256)?.uploadId;
      if (dup) {
        results.set(p, dup);
        duplicates.add(dup);
        continue;
      }
      const upload = await db.prisma.upload.create({
        data: {
          incidentId, filename: p.file.filename, kind: p.format.kind, sha256: p.file.sha256, size: p.file.size, source: source ?? null,
          clockOffsetMs: clock.offsetMs, timeZone: clock.timeZone, flowFields: p.flowFields?.join(" ") ?? null, dnsPorts: p.dnsPorts ? [...p.dnsPorts] : [],
        },
      });
      results.set(p, upload.id);
      members.push({ incidentId, p, uploadId: upload.id, progress: trackProgress(upload.id, p.file.size), issues: new IssueLog(), clock });
    }
    announcer = announceUploads(incidentId, members);
    if (members.length) await commitMembers(client, incidentId, members, { keepBlobs: true });
    await announcer.finished();
    const rows = await db.prisma.upload.findMany({ where: { id: { in: [...results.values()] } } });
    return batch.map((p) => {
      const id = results.get(p)!;
      const isDuplicate = duplicates.has(id) && !members.some((m) => m.p === p);
      return toUpload(rows.find((r) => r.id === id)!, isDuplicate);
    });
  } finally {
    announcer?.stop();
    for (const m of members) forgetProgress(m.uploadId);
    for (const key of lockKeys.reverse()) await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]).catch(() => {});
    await releaseIncidentFromIngest(client, incidentId).catch(() => {});
    client.release();
  }
}

/** Rotated captures must be read in time order, whatever order they were attached in. */
export function captureOrder(captures: Array<Prepared<CaptureEntry>>): Prepared[] {
  const start = new Map(captures.map((p) => [p, firstPacketUs(p.format, p.head) ?? Infinity]));
  return [...captures].sort((a, b) => start.get(a)! - start.get(b)! || a.file.filename.localeCompare(b.file.filename));
}

/**
 * Ingests the received files of one request into an incident (the caller has checked that it
 * exists); returns one upload per file, in order. Files it keeps move into the blob store; the
 * caller removes the rest (withReceivedFiles does).
 */
export async function ingestFiles(
  incidentId: string, files: ReceivedFile[],
  fields: { kind?: string; source?: string; clockOffsetMs?: number; timeZone?: string; fields?: readonly string[]; dnsPorts?: readonly number[] },
): Promise<TUpload[]> {
  if (files.length === 0) throw new ApiError("no_files", 'Attach at least one file in a multipart part named "file".');
  const prepared = await prepare(files, fields.kind, fields.fields);
  const captures = prepared.filter(isCapture);
  if (fields.dnsPorts) for (const p of captures) p.dnsPorts = fields.dnsPorts;
  const batches = [...prepared.filter((p) => !isCapture(p)).map((p) => [p]), ...(captures.length ? [captureOrder(captures)] : [])];
  const byFile = new Map<Prepared, TUpload>();
  for (const batch of batches) {
    const uploads = await ingestBatch(incidentId, batch, fields.source, { offsetMs: fields.clockOffsetMs ?? 0, timeZone: fields.timeZone ?? null });
    batch.forEach((p, i) => byFile.set(p, uploads[i]!));
  }
  scheduleDetectors(incidentId);
  return prepared.map((p) => byFile.get(p)!);
}
