// The job queue: pg-boss on the application's own PostgreSQL (its tables in the `pgboss` schema,
// created by pg-boss itself on the first start), so a web server and any number of workers on one
// database share it with no set-up. One queue, for ingest: a job per received file (the captures of
// one request are one job, read together) or per URL to fetch. Jobs are retried when the worker
// running them dies (lib/ingest/ingest-worker.ts notices, pg-boss re-queues).
import PgBoss from "pg-boss";

export type IngestJob = {
  /** The uploads this job ingests, in reading order; the first is the job's id (one job per upload). */
  uploadIds: string[];
  dnsPorts?: number[];
  /** Import by URL: fetched by the worker into the blob store, then ingested. */
  fetch?: { url: string; headers: Record<string, string>; kind?: string; fields?: string[] };
};

/** Attempts after the first when a worker dies mid-job; then the upload is failed with the reason. */
export const INGEST_RETRIES = 2;

/**
 * A job's own deadline is pg-boss's "expiration" (at most 24 h), after which it is retried even if
 * its worker is still busy: set to the maximum, so a long ingest is never started twice, and a dead
 * worker is found by its lock instead (the watchdog in ingest-worker.ts).
 */
const EXPIRE_SECONDS = 23 * 3600;

/** Tests give each file its own queue (their blob folders differ); an instance has one. */
export const ingestQueueName = () => process.env.HINDSIGHT_INGEST_QUEUE || "hindsight-ingest";

type Held = { boss: Promise<PgBoss>; url: string; queues: Set<string> };
const globalQueue = globalThis as unknown as { hindsightQueue?: Held };

async function open(url: string): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: "pgboss",
    application_name: "hindsight-queue",
    max: 4,
    schedule: false,
    // Finished jobs (their data holds an import's request headers) are not kept for long.
    archiveCompletedAfterSeconds: 3600,
    archiveFailedAfterSeconds: 3600,
    deleteAfterDays: 1,
  });
  boss.on("error", (error) => console.error(`[queue] ${error.message}`));
  await boss.start();
  return boss;
}

/** The process's queue client, started on first use (creates pg-boss's schema when missing). */
export async function jobQueue(): Promise<PgBoss> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; start Hindsight with `npm start`.");
  let held = globalQueue.hindsightQueue;
  if (!held || held.url !== url) {
    held = { boss: open(url), url, queues: new Set() };
    globalQueue.hindsightQueue = held;
    held.boss.catch(() => {
      if (globalQueue.hindsightQueue === held) globalQueue.hindsightQueue = undefined;
    });
  }
  const boss = await held.boss;
  const name = ingestQueueName();
  if (!held.queues.has(name)) {
    await boss.createQueue(name, { name, retryLimit: INGEST_RETRIES, retryDelay: 1, expireInSeconds: EXPIRE_SECONDS, retentionDays: 14 });
    held.queues.add(name);
  }
  return boss;
}

/** Queues an ingest; its id is the first upload's, so the same upload is never queued twice. */
export async function sendIngestJob(job: IngestJob): Promise<string> {
  const boss = await jobQueue();
  const id = job.uploadIds[0]!;
  await boss.send(ingestQueueName(), job, { id });
  return id;
}

/** Stops the queue client (workers finish their jobs up to `timeoutMs`, then are left to the retry). */
export async function stopJobQueue(timeoutMs = 10_000): Promise<void> {
  const held = globalQueue.hindsightQueue;
  globalQueue.hindsightQueue = undefined;
  if (!held) return;
  const boss = await held.boss.catch(() => null);
  await boss?.stop({ graceful: true, wait: true, timeout: timeoutMs }).catch((e) => console.error(`[queue] stop: ${(e as Error).message}`));
}
