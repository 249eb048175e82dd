// The two ways the server talks to Postgres: Prisma Client for the application model, and a
// plain pg pool for bulk evidence (COPY) and bucketed series queries; and the one way to run a
// transaction on either.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { requestSignal } from "@/lib/request-scope";

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

const backendPids = new WeakMap<pg.PoolClient, number>();

/**
 * A reader's query: bounded by the statement timeout, and cancelled when the request that asked
 * for it goes away (a closed tab, a zoom that superseded it), so an abandoned series query stops
 * holding a connection and a core.
 */
export async function readQuery<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
  const signal = requestSignal();
  if (!signal) return db.pool.query<R>(text, values);
  if (signal.aborted) throw new Error("the request was cancelled by its client");
  const client = await db.pool.connect();
  let cancelling: Promise<unknown> | null = null;
  const cancel = () => {
    const pid = backendPids.get(client);
    if (pid) cancelling = db.pool.query("SELECT pg_cancel_backend($1)", [pid]).catch(() => {});
  };
  try {
    if (!backendPids.has(client)) backendPids.set(client, (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid);
    signal.addEventListener("abort", cancel, { once: true });
    return await client.query<R>(text, values);
  } finally {
    signal.removeEventListener("abort", cancel);
    // A cancel still on its way must not reach the next query of this connection.
    if (cancelling) await cancelling;
    client.release();
  }
}

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
