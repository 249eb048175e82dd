// The two ways the server talks to Postgres: Prisma Client for the application model, and a
// plain pg pool for bulk evidence (COPY) and bucketed series queries.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

type Handles = { prisma: PrismaClient; pool: pg.Pool };
const globalForDb = globalThis as unknown as { hindsightDb?: Handles };

function connect(): Handles {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set; start Hindsight with `npm start`.");
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client losing its connection (e.g. the server shutting down) must not crash the app.
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
  return { prisma, pool };
}

function handles(): Handles {
  globalForDb.hindsightDb ??= connect();
  return globalForDb.hindsightDb;
}

export const db = {
  get prisma() {
    return handles().prisma;
  },
  get pool() {
    return handles().pool;
  },
};

export async function disconnectDb(): Promise<void> {
  const h = globalForDb.hindsightDb;
  globalForDb.hindsightDb = undefined;
  if (h) await Promise.allSettled([h.prisma.$disconnect(), h.pool.end()]);
}
