// Readers and ingest use separate pools: a reader's statement is stopped at its time limit and
// answers 503 query_timeout, while ingest's long statements are not limited.
import { expect, it } from "vitest";
import { toErrorResponse } from "@/lib/route/handler";

process.env.HINDSIGHT_QUERY_TIMEOUT_MS = "300";
const { db, disconnectDb } = await import("@/lib/db");

it("stops a reader's statement at the limit and answers 503, and leaves ingest's alone", async () => {
  const error = await db.pool.query("SELECT pg_sleep(2)").catch((e: unknown) => e);
  expect((error as { code?: string }).code).toBe("57014");
  const res = toErrorResponse(error);
  expect(res.status).toBe(503);
  expect((await res.json()).error.code).toBe("query_timeout");
  const { rows } = await db.ingestPool.query("SELECT pg_sleep(0.6), 1 AS ok");
  expect(rows[0].ok).toBe(1);
  await disconnectDb();
});
