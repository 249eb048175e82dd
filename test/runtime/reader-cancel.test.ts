// A reader's query is cancelled when the request that asked for it goes away: the connection is
// free again at once instead of after the statement timeout, and the next query on it is not hit.
import { expect, it } from "vitest";
import { route } from "@/lib/route/handler";
import { db, readQuery } from "@/lib/db";
import { NextRequest } from "next/server";

const running = async () =>
  (await db.ingestPool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(20)%' AND state = 'active'`)).rows[0]!.n;

it("stops the query of a request whose client disconnects", async () => {
  let settled: unknown = null;
  const handler = route(async () => {
    await readQuery("SELECT pg_sleep(20) AS slept").then(() => (settled = "finished"), (e: { code?: string }) => (settled = e.code));
    return { done: true };
  });
  const abort = new AbortController();
  const started = Date.now();
  const answer = handler(new NextRequest("http://localhost/api/slow", { signal: abort.signal }), { params: Promise.resolve({}) });
  for (let i = 0; i < 100 && (await running()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(await running()).toBe(1);
  abort.abort();
  await answer;
  expect(settled).toBe("57014"); // query_canceled
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(await running()).toBe(0);
  // The connections it used answer normally afterwards.
  const again = await Promise.all(Array.from({ length: 12 }, () => readQuery<{ one: number }>("SELECT 1 AS one")));
  expect(again.every((r) => r.rows[0]!.one === 1)).toBe(true);
});

it("runs outside a request as a plain pooled query", async () => {
  const { rows } = await readQuery<{ two: number }>("SELECT 2 AS two");
  expect(rows[0]!.two).toBe(2);
});
