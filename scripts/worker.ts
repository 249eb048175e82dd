// `npm run worker`: an ingest worker alone, e.g. a second one beside `npm start`, or one on
// another machine sharing DATABASE_URL and the data folder (HINDSIGHT_DATA_DIR: the blob store
// holds the received files it reads). Without DATABASE_URL it joins the embedded PostgreSQL that
// `npm start` runs on the same data folder. Ctrl-C/SIGTERM lets its jobs finish (up to 30 s); a
// job it leaves unfinished is retried by another worker.
//   tsx scripts/worker.ts [--watchdog-ms N] [--grace-ms N]
import { register } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";

register("./server-only-hook.mjs", import.meta.url);

const log = (message: string) => console.log(`[worker] ${message}`);
const { values } = parseArgs({ options: { "watchdog-ms": { type: "string" }, "grace-ms": { type: "string" } } });
const ms = (v: string | undefined) => (v === undefined ? undefined : Number(v));

const { readEnv } = await import("../lib/env");
const { embeddedDatabaseUrl } = await import("../lib/runtime/database-server");
const env = readEnv();
const url = env.DATABASE_URL ?? (await embeddedDatabaseUrl(env.dataDir, env.HINDSIGHT_PG_PORT));
if (!url) {
  console.error(`[worker] no database: set DATABASE_URL, or run \`npm start\` on this data folder (${env.dataDir}) first.`);
  process.exit(1);
}
process.env.DATABASE_URL = url;
process.env.HINDSIGHT_DATA_DIR = env.dataDir;

const { migrateDatabase } = await import("../lib/runtime/migrate");
await migrateDatabase(url, path.resolve(import.meta.dirname, ".."));
const { startIngestWorker, ingestConcurrency } = await import("../lib/ingest/ingest-worker");
const { stopJobQueue } = await import("../lib/queue/job-queue");
const worker = await startIngestWorker({ watchdogMs: ms(values["watchdog-ms"]), graceMs: ms(values["grace-ms"]) });
log(`taking ingest jobs, ${ingestConcurrency()} at a time (HINDSIGHT_INGEST_CONCURRENCY); blobs in ${env.dataDir}`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: finishing running jobs`);
  await worker.stop();
  await stopJobQueue(30_000);
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
