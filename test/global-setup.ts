// One real PostgreSQL for the whole test run and a fresh database in it: the embedded server
// (cluster kept in .data-test/ between runs) unless DATABASE_URL points at one.
import { randomBytes } from "node:crypto";
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
  const server: DatabaseServer = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} }
    : await startEmbeddedPostgres({ dataDir: path.join(root, ".data-test"), port: await freePort() });
  const name = `hindsight_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const url = withDatabase(server.url, name);
  try {
    await ensureDatabase(server.url, name);
    await migrateDatabase(url, root);
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide("databaseUrl", url);
  return async () => {
    await dropDatabase(server.url, name).catch(() => {});
    await server.stop();
  };
}
