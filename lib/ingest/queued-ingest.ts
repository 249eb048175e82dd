// Ingest through the job queue. A request queues: its files are checked (format), stored as blobs
// and given "queued" upload rows before it is answered, so an upload lands completely or not at
// all; an import by URL is queued with its address. A worker (ingest-worker.ts) then runs the
// job: it claims the rows under a lock of its own (a job started twice never reads a file twice),
// fetches a URL first when there is one, and reads the files from the blob store through the same
// family ingesters and transactions as an ingest inside a request.
import "server-only";
import { randomUUID } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { ApiError, notFound } from "@/lib/api/errors";
import { db, withPgTransaction } from "@/lib/db";
import { publishIncidentEvent } from "@/lib/events/incident-events";
import { blobPath, discardTemp, keepBlob, type ReceivedFile } from "@/lib/evidence/blob-store";
import { familyOfKind } from "@/lib/evidence/families";
import { holdIncidentForIngest, releaseIncidentFromIngest } from "@/lib/evidence/ingest-guard";
import { scheduleDetectors } from "@/lib/findings/scheduler";
import { sendIngestJob, type IngestJob } from "@/lib/queue/job-queue";
import type { TUpload, TUrlImport } from "@/lib/schemas/upload";
import { forgetProgress, trackProgress, type UploadProgress } from "@/lib/uploads/progress";
import { deleteUpload, getUpload, toUpload } from "@/lib/uploads/uploads";
import { announceUploads } from "./announce-uploads";
import { compressionOfFile, readHead } from "./evidence-reader";
import { formatByKind, knownKinds } from "./formats";
import { captureOrder, commitMembers, duplicateOf, isCapture, prepare, type Member, type Prepared } from "./ingest-upload";
import { IssueLog } from "./issue-log";
import { uploadLimits } from "./limits";
import { checkUrl, fetchTimeoutMs, fetchToTemp } from "./url-fetch";

/** An import's content hash until it is fetched (no file hashes to it, so it is no duplicate of anything). */
export const UNFETCHED_SHA256 = "0".repeat(64);
/** An import's kind until its content shows it (or `kind` said it). */
export const UNKNOWN_KIND = "unknown";

type UploadFields = { kind?: string; source?: string; clockOffsetMs?: number; timeZone?: string; fields?: readonly string[]; dnsPorts?: readonly number[] };

type Row = {
  id: string; incident_id: string; filename: string; kind: string; sha256: string; size: string; status: string;
  clock_offset_ms: number; time_zone: string | null; flow_fields: string | null;
};

const lockContent = (tx: pg.PoolClient, key: string) => tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [key]);

async function rowsOf(ids: string[]) {
  const rows = await db.prisma.upload.findMany({ where: { id: { in: ids } } });
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r) => r !== undefined);
}

const announceQueued = (incidentId: string, ids: string[], kinds: Map<string, string>) =>
  Promise.all(ids.map((id) => publishIncidentEvent({ incidentId, topic: "uploads", id, state: "queued", family: familyOfKind(kinds.get(id) ?? "") ?? undefined })));

/** A queued upload that could not be handed to the queue must not stay queued. */
async function failUnqueued(ids: string[], error: unknown) {
  console.error("[ingest] could not queue", ids.join(", "), error);
  await db.pool.query(
    `UPDATE uploads SET status = 'failed', finished_at = clock_timestamp(), progress = NULL,
       failure = 'The upload could not be handed to the ingest queue; nothing of it was stored. The error was logged.' WHERE id = ANY($1::uuid[])`,
    [ids],
  );
}

/**
 * Queues the received files of one request (Prefer: respond-async): checks every file's format
 * (an unknown one refuses the request, nothing stored), finds duplicates, stores the rest as blobs
 * with "queued" rows and queues their ingest: one job per file, the captures of the request one
 * job (read together, in time order). Returns one upload per file, in order.
 */
export async function enqueueFiles(incidentId: string, files: ReceivedFile[], fields: UploadFields): Promise<TUpload[]> {
  if (files.length === 0) throw new ApiError("no_files", 'Attach at least one file in a multipart part named "file".');
  const prepared = await prepare(files, fields.kind, fields.fields);
  const captures = prepared.filter(isCapture);
  const batches = [...prepared.filter((p) => !isCapture(p)).map((p) => [p]), ...(captures.length ? [captureOrder(captures)] : [])];
  const idOf = new Map<Prepared, { id: string; duplicate: boolean }>();
  for (const batch of batches) {
    const created = await withPgTransaction(async (tx) => {
      for (const key of [...new Set(batch.map((p) => `${incidentId}:${p.file.sha256}`))].sort()) await lockContent(tx, key);
      const fresh: Prepared[] = [];
      const jobId = randomUUID();
      for (const p of batch) {
        const dup = (await duplicateOf(tx, incidentId, p.file.sha256)) ?? fresh.map((f) => idOf.get(f)!).find((_, i) => fresh[i]!.file.sha256 === p.file.sha256)?.id;
        if (dup) {
          idOf.set(p, { id: dup, duplicate: true });
          continue;
        }
        const id = fresh.length === 0 ? jobId : randomUUID();
        await insertQueued(tx, {
          id, incidentId, jobId, filename: p.file.filename, kind: p.format.kind, sha256: p.file.sha256, size: p.file.size, fields, url: null,
          flowFields: p.flowFields ?? null, bytesTotal: p.file.size,
        });
        idOf.set(p, { id, duplicate: false });
        fresh.push(p);
      }
      return fresh;
    });
    if (!created.length) continue;
    const ids = created.map((p) => idOf.get(p)!.id);
    try {
      for (const p of created) await keepBlob(p.file);
      await sendIngestJob({ uploadIds: ids, ...(fields.dnsPorts ? { dnsPorts: [...fields.dnsPorts] } : {}) });
    } catch (error) {
      await failUnqueued(ids, error);
      throw error;
    }
    await announceQueued(incidentId, ids, new Map(created.map((p) => [idOf.get(p)!.id, p.format.kind])));
  }
  const rows = await rowsOf([...new Set(prepared.map((p) => idOf.get(p)!.id))]);
  return prepared.map((p) => {
    const { id, duplicate } = idOf.get(p)!;
    return toUpload(rows.find((r) => r.id === id)!, duplicate);
  });
}

async function insertQueued(tx: pg.PoolClient, u: {
  id: string; incidentId: string; jobId: string; filename: string; kind: string; sha256: string; size: number; fields: UploadFields;
  url: string | null; flowFields: readonly string[] | null; bytesTotal: number;
}) {
  const progress: UploadProgress = { phase: "queued", bytesTotal: u.bytesTotal, bytesRead: 0, rowsParsed: 0, rowsRejected: 0 };
  // clock_timestamp(): the files of one request keep their order in the list (now() is one instant).
  await tx.query(
    `INSERT INTO uploads (id, incident_id, filename, kind, sha256, size, status, source, clock_offset_ms, time_zone, flow_fields, job_id, url, progress, dns_ports, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $8, $9, $10, $11, $12, $13, $14, clock_timestamp())`,
    [u.id, u.incidentId, u.filename, u.kind, u.sha256, u.size, u.fields.source ?? null, u.fields.clockOffsetMs ?? 0, u.fields.timeZone ?? null,
      u.flowFields?.join(" ") ?? null, u.jobId, u.url, JSON.stringify(progress), u.fields.dnsPorts ? [...u.fields.dnsPorts] : []],
  );
}

/** The URL as shown and stored: no query string or fragment (a presigned URL's signature is a credential). */
const shownUrl = (url: URL) => `${url.origin}${url.pathname}`;

function filenameOf(url: URL): string {
  const last = url.pathname.split("/").filter(Boolean).pop();
  if (!last) return "download";
  try {
    return decodeURIComponent(last).slice(0, 255) || "download";
  } catch {
    return last.slice(0, 255);
  }
}

/**
 * Queues an import by URL: the address is checked now (a refusal answers at once, nothing
 * stored) and again by the worker at every hop. The upload is "queued" with kind "unknown" (or the
 * `kind` sent) until the fetched content shows it.
 */
export async function enqueueUrl(incidentId: string, body: TUrlImport): Promise<TUpload> {
  if (body.kind && !formatByKind(body.kind)) throw new ApiError("unknown_kind", `Unknown kind "${body.kind}".`, { kind: body.kind, known: knownKinds() });
  const { url } = await checkUrl(body.url);
  const id = randomUUID();
  await withPgTransaction((tx) =>
    insertQueued(tx, {
      id, incidentId, jobId: id, filename: body.filename ?? filenameOf(url), kind: body.kind ?? UNKNOWN_KIND, sha256: UNFETCHED_SHA256, size: 0,
      fields: body, url: shownUrl(url), flowFields: null, bytesTotal: 0,
    }),
  );
  const job: IngestJob = {
    uploadIds: [id],
    ...(body.dnsPorts ? { dnsPorts: [...body.dnsPorts] } : {}),
    fetch: { url: url.href, headers: body.headers ?? {}, ...(body.kind ? { kind: body.kind } : {}), ...(body.fields ? { fields: [...body.fields] } : {}) },
  };
  try {
    await sendIngestJob(job);
  } catch (error) {
    await failUnqueued([id], error);
    throw error;
  }
  await announceQueued(incidentId, [id], new Map([[id, body.kind ?? ""]]));
  return getUpload(id);
}

// ——— the worker's side ———

const claim = async (ids: string[], phase: UploadProgress["phase"]) =>
  (await db.pool.query<Row>(
    `UPDATE uploads SET status = 'ingesting', progress = jsonb_set(coalesce(progress, '{}'), '{phase}', to_jsonb($2::text))
      WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'ingesting') RETURNING *`,
    [ids, phase],
  )).rows;

async function storeProgress(members: Array<{ uploadId: string; progress: UploadProgress; issues?: IssueLog }>) {
  for (const m of members) {
    await db.pool.query("UPDATE uploads SET progress = $2, errors = coalesce($3, errors) WHERE id = $1 AND status = 'ingesting'", [
      m.uploadId, JSON.stringify(m.progress), m.issues ? JSON.stringify(m.issues.reported) : null,
    ]);
  }
}

/** Failed before anything was stored, with the error a synchronous import answers. */
async function refuse(row: Row, error: ApiError) {
  const refusal = { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
  await db.pool.query(
    `UPDATE uploads SET status = 'failed', failure = $2, refusal = $3, finished_at = clock_timestamp(), progress = NULL WHERE id = $1`,
    [row.id, error.message, JSON.stringify(refusal)],
  );
  await publishIncidentEvent({ incidentId: row.incident_id, topic: "uploads", id: row.id, state: "finished", status: "failed" });
}

const exists = (file: string) => stat(file).then(() => true, () => false);

/** Reads queued uploads from the blob store (one file, or the captures of one request together). */
async function ingestStored(ids: string[], dnsPorts: number[] | undefined): Promise<void> {
  const claimed = await claim(ids, "parsing");
  const rows = ids.map((id) => claimed.find((r) => r.id === id)).filter((r) => r !== undefined);
  if (!rows.length) return; // ready, failed or deleted already: nothing to do
  const incidentId = rows[0]!.incident_id;
  const members: Member[] = [];
  for (const row of rows) {
    const file = { tempPath: blobPath(row.sha256), filename: row.filename, sha256: row.sha256, size: Number(row.size) };
    const format = formatByKind(row.kind);
    if (!format || !(await exists(file.tempPath))) {
      const why = format
        ? `The raw file is missing from the blob store (${path.dirname(blobPath(row.sha256))}): the worker must use the web server's HINDSIGHT_DATA_DIR. Nothing of it was stored.`
        : `Unknown kind "${row.kind}".`;
      await db.pool.query(`UPDATE uploads SET status = 'failed', failure = $2, finished_at = clock_timestamp(), progress = NULL WHERE id = $1`, [row.id, why]);
      continue;
    }
    const compression = await compressionOfFile(file.tempPath);
    const head = file.size === 0 ? Buffer.alloc(0) : await readHead(file.tempPath, compression);
    const p: Prepared = {
      file, format, compression, head, ...(row.flow_fields ? { flowFields: row.flow_fields.split(" ") } : {}),
      ...(dnsPorts && format.family === "captures" ? { dnsPorts } : {}),
    };
    members.push({ incidentId, p, uploadId: row.id, progress: trackProgress(row.id, file.size), issues: new IssueLog(), clock: { offsetMs: row.clock_offset_ms, timeZone: row.time_zone } });
  }
  if (!members.length) {
    await Promise.all(rows.map((r) => publishIncidentEvent({ incidentId, topic: "uploads", id: r.id, state: "finished", status: "failed" })));
    return;
  }
  const client = await db.ingestPool.connect();
  let held = false;
  let announcer: ReturnType<typeof announceUploads> | null = null;
  try {
    held = await holdIncidentForIngest(client, incidentId);
    if (!held) return; // the incident is being deleted, and its uploads with it
    announcer = announceUploads(incidentId, members, () => storeProgress(members));
    await commitMembers(client, incidentId, members, { keepBlobs: false });
    await announcer.finished();
  } finally {
    announcer?.stop();
    for (const m of members) forgetProgress(m.uploadId);
    if (held) await releaseIncidentFromIngest(client, incidentId).catch(() => {});
    client.release();
  }
  scheduleDetectors(incidentId);
}

/** Fetches an import, then ingests it like a received file. */
async function fetchThenIngest(job: IngestJob & { fetch: NonNullable<IngestJob["fetch"]> }): Promise<void> {
  const id = job.uploadIds[0]!;
  const [row] = await claim([id], "fetching");
  if (!row) return;
  // An earlier attempt fetched and stored it, then died: read what it stored.
  if (row.sha256 !== UNFETCHED_SHA256 && (await exists(blobPath(row.sha256)))) return ingestStored([id], job.dnsPorts);
  const progress = trackProgress(id, 0);
  progress.phase = "fetching";
  const family = job.fetch.kind ? (familyOfKind(job.fetch.kind) ?? undefined) : undefined;
  const publish = (state: string) =>
    publishIncidentEvent({ incidentId: row.incident_id, topic: "uploads", id, state, bytesRead: progress.bytesRead, bytesTotal: progress.bytesTotal, ...(family ? { family } : {}) });
  await publish("ingesting");
  const timer = setInterval(() => {
    void publish("fetching");
    void storeProgress([{ uploadId: id, progress }]).catch(() => {});
  }, 1000);
  timer.unref?.();
  let file: ReceivedFile;
  let prepared: Prepared;
  try {
    try {
      file = await fetchToTemp(job.fetch.url, {
        headers: job.fetch.headers, filename: row.filename, maxBytes: uploadLimits().maxUploadBytes, timeoutMs: fetchTimeoutMs(),
        onBytes: (n) => (progress.bytesRead = n),
      });
    } catch (error) {
      if (error instanceof ApiError) return await refuse(row, error);
      throw error;
    }
    try {
      [prepared] = (await prepare([file], job.fetch.kind, job.fetch.fields)) as [Prepared];
    } catch (error) {
      await discardTemp(file);
      if (error instanceof ApiError) return await refuse(row, error);
      throw error;
    }
  } finally {
    clearInterval(timer);
    forgetProgress(id);
  }
  // The same content already in the incident is not read twice (as with a received file).
  const dup = await withPgTransaction(async (tx) => {
    await lockContent(tx, `${row.incident_id}:${file.sha256}`);
    const found = await duplicateOf(tx, row.incident_id, file.sha256);
    if (found) return found;
    await tx.query(`UPDATE uploads SET sha256 = $2, size = $3, kind = $4, flow_fields = $5, progress = $6 WHERE id = $1`, [
      id, file.sha256, file.size, prepared.format.kind, prepared.flowFields?.join(" ") ?? null,
      JSON.stringify({ ...progress, phase: "parsing", bytesTotal: file.size, bytesRead: 0 }),
    ]);
    return null;
  });
  if (dup) {
    await discardTemp(file);
    const original = await db.prisma.upload.findUnique({ where: { id: dup } });
    return refuse(row, new ApiError("duplicate", `${row.filename} is already in this incident as ${original?.filename ?? dup} (upload ${dup}); not counted twice.`, { uploadId: dup }));
  }
  await keepBlob(file);
  await ingestStored([id], job.dnsPorts);
}

/** The job handler. Safe to run twice: what is no longer queued or ingesting is left alone. */
export async function runIngestJob(job: IngestJob): Promise<void> {
  if (job.fetch) return fetchThenIngest(job as IngestJob & { fetch: NonNullable<IngestJob["fetch"]> });
  return ingestStored(job.uploadIds, job.dnsPorts);
}

const FINAL = new Set(["ready", "failed"]);

/** Waits for a queued upload to end (null: it was deleted meanwhile). */
export async function waitForUpload(id: string, signal?: AbortSignal): Promise<TUpload | null> {
  for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
    const row = await db.prisma.upload.findUnique({ where: { id } });
    if (!row) return null;
    if (FINAL.has(row.status)) return toUpload(row);
    if (signal?.aborted) throw new ApiError("upload_interrupted", "The request was cancelled; the upload goes on (GET /api/uploads/:id).");
    await new Promise((r) => setTimeout(r, wait));
  }
}

/**
 * An import by URL within its request: queued, then waited for. A refusal (address, size, the
 * remote answer, an unknown format) answers as the error it is and keeps nothing; the same content
 * already in the incident answers that upload, marked a duplicate.
 */
export async function importUrlNow(incidentId: string, body: TUrlImport, signal?: AbortSignal): Promise<TUpload> {
  const queued = await enqueueUrl(incidentId, body);
  const done = await waitForUpload(queued.id, signal);
  if (!done) throw notFound("Upload", queued.id);
  if (!done.refusal) return done;
  await deleteUpload(done.id).catch(() => {});
  if (done.refusal.code === "duplicate") return { ...(await getUpload((done.refusal.details as { uploadId: string }).uploadId)), duplicate: true };
  const code = done.refusal.code as ConstructorParameters<typeof ApiError>[0];
  throw new ApiError(code, done.refusal.message, done.refusal.details);
}
