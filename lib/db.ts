// The two ways the server talks to Postgres: Prisma Client for the application model, and a
// plain pg pool for bulk evidence (COPY) and bucketed series queries; and the one way to run a
// transaction on either.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";

type Handles = { prisma: PrismaClient; pool: pg.Pool; ingestPool: pg.Pool };

/** How long a reader's statement may run before Postgres stops it. */
export const queryTimeoutMs = () => Number(process.env.HINDSIGHT_QUERY_TIMEOUT_MS) || 30_000;
const globalForDb = globalThis as unknown as { hindsightDb?: Handles };

function connect(): Handles {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set; start Hindsight with `npm start`.");
  // Readers and ingest never share connections: an ingest holds one for minutes, and twenty of
  // them must not leave the timeline waiting. Readers' statements are bounded; ingest's are not.
  const pool = new pg.Pool({ connectionString, max: 10, statement_timeout: queryTimeoutMs() });
  const ingestPool = new pg.Pool({ connectionString, max: 8 });
  // An idle client losing its connection (e.g. the server shutting down) must not crash the app.
  for (const p of [pool, ingestPool]) p.on("error", (error) => console.error("[db] idle client error:", error.message));
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
  return { prisma, pool, ingestPool };
}

function handles(): Handles {
  globalForDb.hindsightDb ??= connect();
  return globalForDb.hindsightDb;
}

export const db = {
  get prisma() {
    return handles().prisma;
  },
  /** Series, detectors and other reads (statement timeout). */
  get pool() {
    return handles().pool;
  },
  /** Upload ingest only: long COPYs and index builds. */
  get ingestPool() {
    return handles().ingestPool;
  },
};

export async function disconnectDb(): Promise<void> {
  const h = globalForDb.hindsightDb;
  globalForDb.hindsightDb = undefined;
  if (h) await Promise.allSettled([h.prisma.$disconnect(), h.pool.end(), h.ingestPool.end()]);
}

/** The client a Prisma interactive transaction hands to its callback. */
export type Tx = Prisma.TransactionClient;

/**
 * Runs `fn` in a Prisma interactive transaction: committed when it resolves, rolled back when it
 * throws (the error is rethrown). Row locks taken inside serialize concurrent writers, so the
 * limits leave room for waiting on them.
 */
export function withTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.prisma.$transaction(fn, { maxWait: 10_000, timeout: 20_000 });
}

/**
 * The same on one pooled pg client, for work Prisma cannot do (partition DDL, COPY): BEGIN, `fn`,
 * COMMIT; on a throw ROLLBACK and rethrow. A client whose ROLLBACK fails is discarded, not reused.
 */
export async function withPgTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  let broken = false;
  try {
    return await inPgTransaction(client, fn, () => (broken = true));
  } finally {
    client.release(broken);
  }
}

/**
 * The same on a client the caller holds (e.g. one that keeps session advisory locks around the
 * transaction). `onBroken` hears of a failed ROLLBACK: that client must not be reused.
 */
export async function inPgTransaction<T>(client: pg.PoolClient, fn: (client: pg.PoolClient) => Promise<T>, onBroken: () => void = () => {}): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(onBroken);
    throw error;
  }
}

/**
 * The next version of a row: now, but always later than the previous one, so that two writes
 * in the same millisecond never share an `updatedAt` (clients compare it for conflicts).
 */
export const nextVersion = (previous: Date) => new Date(Math.max(Date.now(), previous.getTime() + 1));
