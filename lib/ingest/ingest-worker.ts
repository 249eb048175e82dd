// The ingest worker: takes jobs from the queue, HINDSIGHT_INGEST_CONCURRENCY at a time, in
// `npm start` (beside the web server) or alone (`npm run worker`), any number of them on one
// database. Each job runs under a session lock named for its first upload: a second worker given
// the same job waits for it and then finds nothing left to do. A worker that dies (SIGKILL, out of
// memory, the machine) loses its connection and with it the lock; the watchdog of any live worker
// sees a job still "active" in the queue whose lock is free, and fails it so pg-boss retries it;
// after the last attempt the upload is marked failed with that reason.
import "server-only";
import type PgBoss from "pg-boss";
import { db } from "@/lib/db";
import { publishIncidentEvent } from "@/lib/events/incident-events";
import { INGEST_RETRIES, ingestQueueName, jobQueue, type IngestJob } from "@/lib/queue/job-queue";
import { runIngestJob } from "./queued-ingest";

const lockKey = (jobId: string) => `hindsight-ingest-job:${jobId}`;

export function ingestConcurrency(env: Record<string, string | undefined> = process.env): number {
  const raw = env.HINDSIGHT_INGEST_CONCURRENCY;
  if (raw === undefined || raw === "") return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`HINDSIGHT_INGEST_CONCURRENCY=${JSON.stringify(raw)} is not a whole number from 1 to 64.`);
  return n;
}

async function runLocked(jobId: string, job: IngestJob): Promise<void> {
  const client = await db.ingestPool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [lockKey(jobId)]);
    try {
      await runIngestJob(job);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockKey(jobId)]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

/** Whether a worker (this process or another) is running the job now. */
async function jobHeld(jobId: string): Promise<boolean> {
  const client = await db.ingestPool.connect();
  try {
    const { rows } = await client.query<{ got: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got", [lockKey(jobId)]);
    if (rows[0]?.got) await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockKey(jobId)]);
    return !rows[0]?.got;
  } finally {
    client.release();
  }
}

async function failUploads(jobId: string, failure: string) {
  const { rows } = await db.pool.query<{ id: string; incident_id: string }>(
    `UPDATE uploads SET status = 'failed', failure = $2, finished_at = clock_timestamp(), progress = NULL
      WHERE job_id = $1 AND status IN ('queued', 'ingesting') RETURNING id, incident_id`,
    [jobId, failure],
  );
  for (const r of rows) await publishIncidentEvent({ incidentId: r.incident_id, topic: "uploads", id: r.id, state: "finished", status: "failed" });
}

/**
 * Jobs whose worker died: "active" in the queue for longer than `graceMs` (a worker takes the lock
 * right after fetching the job) with nobody holding their lock.
 */
export async function reviveOrphanedJobs(boss: PgBoss, graceMs: number): Promise<{ retried: string[]; failed: string[] }> {
  const name = ingestQueueName();
  const { rows } = await db.pool.query<{ job_id: string }>(
    `SELECT DISTINCT job_id FROM uploads WHERE job_id IS NOT NULL AND status IN ('queued', 'ingesting') LIMIT 500`,
  );
  const retried: string[] = [];
  const failed: string[] = [];
  for (const { job_id: jobId } of rows) {
    // Another instance's queue (tests give each file its own) is not this watchdog's business.
    const job = await boss.getJobById<IngestJob>(name, jobId, { includeArchive: true });
    if (!job) continue;
    const stale = job.state === "active" && job.startedOn && Date.now() - new Date(job.startedOn).getTime() > graceMs;
    const over = job.state === "failed" || job.state === "completed" || job.state === "cancelled";
    if (!stale && !over) continue;
    if (await jobHeld(jobId)) continue;
    if (stale) {
      await boss.fail(name, jobId, { message: "the worker running this job stopped (its lock was free)" });
      const after = await boss.getJobById(name, jobId, { includeArchive: true });
      if (after?.state !== "failed") {
        retried.push(jobId);
        continue;
      }
    }
    const attempts = (job.retryCount ?? 0) + 1;
    await failUploads(jobId, `The ingest stopped ${attempts === 1 ? "once" : `${attempts} times`} before it finished (the worker was killed, ran out of memory, or hit an error it logged), the last attempt of ${INGEST_RETRIES + 1}; nothing of it was stored. Upload it again.`);
    failed.push(jobId);
  }
  return { retried, failed };
}

export type IngestWorker = { stop: (timeoutMs?: number) => Promise<void> };

/**
 * Starts taking jobs in this process. `watchdogMs`: how often dead workers' jobs are looked for;
 * `graceMs`: how long a job may be active without its lock before it counts as orphaned.
 */
export async function startIngestWorker(options: { concurrency?: number; watchdogMs?: number; graceMs?: number; pollSeconds?: number } = {}): Promise<IngestWorker> {
  const boss = await jobQueue();
  const name = ingestQueueName();
  const concurrency = options.concurrency ?? ingestConcurrency();
  const graceMs = options.graceMs ?? 15_000;
  const ids: string[] = [];
  // pg-boss v10 runs one job at a time per work() loop: N loops are N jobs at once.
  for (let i = 0; i < concurrency; i++) {
    ids.push(await boss.work<IngestJob>(name, { batchSize: 1, pollingIntervalSeconds: options.pollSeconds ?? 1 }, async ([job]) => {
      if (job) await runLocked(job.id, job.data);
    }));
  }
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = reviveOrphanedJobs(boss, graceMs).catch((e) => console.error(`[worker] watchdog: ${(e as Error).message}`));
  };
  sweep();
  const timer = setInterval(sweep, options.watchdogMs ?? 10_000);
  timer.unref?.();
  return {
    stop: async () => {
      clearInterval(timer);
      await sweeping;
      for (const id of ids) await boss.offWork({ id }).catch(() => {});
    },
  };
}
