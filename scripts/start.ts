// `npm start`: build if the sources changed, bring up the database (embedded unless DATABASE_URL
// is set), apply migrations, then serve Next.js and run an ingest worker in this process so one
// signal stops everything.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import http from "node:http";
import { register } from "node:module";
import path from "node:path";
import next from "next";
import pg from "pg";
import { readEnv } from "../lib/env";
import { clearDemoLoading, markDemoLoading } from "../lib/runtime/demo-status";
import { loadDemo } from "./demo-loader";
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type DatabaseServer } from "../lib/runtime/database-server";
import { migrateDatabase } from "../lib/runtime/migrate";
import { unsafeBindRefusal } from "../lib/runtime/bind-policy";
import { authConfig } from "../lib/auth/config";
import { ensureFirstAdmin } from "../lib/auth/first-admin";
import { recoverAtStart } from "../lib/ingest/recover-at-start";

process.env.NEXT_TELEMETRY_DISABLED ??= "1";
// The worker's modules are loaded here, outside Next's build: `server-only` resolves to nothing.
register("./server-only-hook.mjs", import.meta.url);

type Worker = { stop: () => Promise<void>; stopQueue: (timeoutMs: number) => Promise<void> };

/** The in-process ingest worker; the app still serves (ingesting within requests) if it cannot start. */
async function startWorker(): Promise<Worker | null> {
  try {
    const { startIngestWorker, ingestConcurrency } = await import("../lib/ingest/ingest-worker");
    const { stopJobQueue } = await import("../lib/queue/job-queue");
    const worker = await startIngestWorker();
    log(`ingest worker running, ${ingestConcurrency()} job(s) at a time (HINDSIGHT_INGEST_CONCURRENCY)`);
    return { stop: () => worker.stop(), stopQueue: stopJobQueue };
  } catch (error) {
    console.error(`[hindsight] the ingest worker did not start: ${(error as Error).message}. Queued uploads wait for \`npm run worker\`.`);
    return null;
  }
}

const projectDir = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const log = (message: string) => console.log(`[hindsight] ${message}`);

/** Generated at install from prisma/schema.prisma (watched itself): `npm install` must not force a build. */
const GENERATED = path.join(projectDir, "lib", "generated");

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (full === GENERATED) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(projectDir, process.env.HINDSIGHT_DIST_DIR || ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "public", "prisma", "next.config.ts", "package.json"];
  const newestSource = Math.max(...sources.map((s) => {
    const p = path.join(projectDir, s);
    return existsSync(p) && statSync(p).isFile() ? statSync(p).mtimeMs : newestMtime(p);
  }));
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource) return;
  log("building the app (first start or sources changed)…");
  const result = spawnSync("npm", ["run", "build"], { cwd: projectDir, stdio: "inherit" });
  if (result.status !== 0) throw new Error("next build failed");
}

async function openDatabase(env: ReturnType<typeof readEnv>): Promise<DatabaseServer> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const started = Date.now();
  const server = await startEmbeddedPostgres({
    dataDir: env.dataDir,
    port: env.HINDSIGHT_PG_PORT,
    log: (chunk) => {
      for (const line of chunk.split("\n")) {
        if (/FATAL|ERROR|PANIC/.test(line) && !/administrator command/.test(line)) console.error(`[postgres] ${line}`);
      }
    },
  });
  await ensureDatabase(server.url, "hindsight");
  log(`embedded PostgreSQL up in ${Date.now() - started} ms (data in ${path.join(env.dataDir, "pg")})`);
  return { ...server, url: withDatabase(server.url, "hindsight") };
}

async function hasNoIncidents(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM incidents");
  await client.end();
  return !rows[0]?.n;
}

/** First start on an empty database: load the demo incident through the real upload path. */
async function loadDemoNow(env: ReturnType<typeof readEnv>) {
  log("empty database: loading the demo incident (set HINDSIGHT_DEMO=0 to skip)…");
  try {
    const id = await loadDemo(`http://127.0.0.1:${env.PORT}`, env.dataDir);
    log(`demo incident ready: http://localhost:${env.PORT}/incidents/${id}`);
  } catch (error) {
    console.error(`[hindsight] could not load the demo: ${(error as Error).message}`);
  } finally {
    clearDemoLoading();
  }
}

class PortInUseError extends Error {
  constructor(host: string, port: number) {
    super(`port ${port} on ${host} is already in use. Stop what is using it, or start on another port: PORT=${port + 1} npm start`);
  }
}

/** Fails before the build and the database start, so a busy port costs nothing to find out. */
function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.once("error", (e: NodeJS.ErrnoException) => reject(e.code === "EADDRINUSE" ? new PortInUseError(host, port) : e));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

async function main() {
  const env = readEnv();
  const auth = authConfig(); // a sign-in configuration with a gap fails here, with what is missing
  const refusal = unsafeBindRefusal(env.HOST, env.PORT, auth.mode === "signin");
  if (refusal) throw new Error(refusal);
  await assertPortFree(env.HOST, env.PORT);
  if (!dev) buildIfNeeded();
  const database = await openDatabase(env);
  const app = next({ dev, dir: projectDir, hostname: env.HOST, port: env.PORT });
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => void handle(req, res));
  let shuttingDown = false;
  let worker: Promise<Worker | null> = Promise.resolve(null);
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`${signal}: shutting down`);
    server.close();
    server.closeAllConnections();
    // Running jobs get a few seconds; what they leave is retried at the next start.
    const w = await worker;
    await w?.stop().catch(() => {});
    await w?.stopQueue(5_000).catch(() => {});
    // Postgres' fast shutdown ends the app's open sessions; the pools log and drop them.
    await database.stop().catch((e) => console.error(e));
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const applied = await migrateDatabase(database.url, projectDir);
  if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
  process.env.HINDSIGHT_DATA_DIR = env.dataDir;
  const recovered = await recoverAtStart(database.url);
  if (recovered.interruptedUploads) log(`marked ${recovered.interruptedUploads} interrupted upload(s) as failed`);
  if (recovered.tempFiles) log(`removed ${recovered.tempFiles} partial upload file(s) left by an earlier run`);
  if (recovered.orphanTables.length) log(`dropped ${recovered.orphanTables.length} evidence table(s) of uploads that no longer exist`);
  if (recovered.orphanBlobs) log(`removed ${recovered.orphanBlobs} raw file(s) no upload holds`);
  process.env.DATABASE_URL = database.url;
  if (auth.mode === "signin") {
    const admin = await ensureFirstAdmin(database.url);
    if ("created" in admin) log(`created the first administrator, ${admin.created}`);
    if ("missing" in admin) log("sign-in is on but no one is an administrator yet: restart once with HINDSIGHT_ADMIN_EMAIL (and HINDSIGHT_ADMIN_PASSWORD for a password account)");
    log(`sign-in on; users reach Hindsight at ${auth.publicUrl.origin}`);
  }
  // Decided before listening, so the very first page already says the demo is on its way.
  // With sign-in on, a team's instance starts empty: the demo is for trying Hindsight locally.
  const loadDemoAfterListen = auth.mode === "local" && process.env.HINDSIGHT_DEMO !== "0" && (await hasNoIncidents(database.url));
  if (loadDemoAfterListen) markDemoLoading();

  await app.prepare();
  // Large evidence uploads can take minutes; never cut them off with the default timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  // Taken between the check and now: same message, and the database goes down with us.
  server.once("error", (error: NodeJS.ErrnoException) => {
    console.error(`[hindsight] failed to start: ${error.code === "EADDRINUSE" ? new PortInUseError(env.HOST, env.PORT).message : error.message}`);
    void database.stop().finally(() => process.exit(1));
  });
  server.listen(env.PORT, env.HOST, () => {
    log(`ready on http://localhost:${env.PORT}`);
    worker = startWorker();
    if (loadDemoAfterListen) void loadDemoNow(env);
  });
}

main().catch((error) => {
  console.error(`[hindsight] failed to start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
