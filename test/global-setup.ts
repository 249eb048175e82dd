// One real PostgreSQL for the whole test run and a fresh database in it: DATABASE_URL's server
// when set, otherwise an embedded cluster of this run's own under .data-test/ (so parallel runs
// never share one), removed afterwards.
import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import {
  dropDatabase,
  ensureDatabase,
  freePort,
  startEmbeddedPostgres,
  withDatabase,
  type DatabaseServer,
} from "../lib/runtime/database-server";
import { migrateDatabase } from "../lib/runtime/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, "..");
  const runDir = path.join(root, ".data-test", `run-${process.pid}`);
  if (!process.env.DATABASE_URL) removeStaleRuns(path.join(root, ".data-test"));
  const server: DatabaseServer = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} }
    : await startEmbeddedPostgres({ dataDir: runDir, port: await freePort() });
  const stop = async () => {
    await server.stop();
    if (server.embedded) rmSync(runDir, { recursive: true, force: true });
  };
  const name = `hindsight_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const url = withDatabase(server.url, name);
  try {
    await ensureDatabase(server.url, name);
    await migrateDatabase(url, root);
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide("databaseUrl", url);
  return async () => {
    await dropDatabase(server.url, name).catch(() => {});
    await stop();
  };
}

/** Clusters left behind by runs that were killed (their process is gone). */
function removeStaleRuns(dir: string) {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(/^run-(\d+)$/.exec(entry)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(path.join(dir, entry), { recursive: true, force: true });
    }
  }
}
