// The embedded PostgreSQL keeps its data across restarts, and a second start on an existing data
// folder skips initdb.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, it } from "vitest";
import { ensureDatabase, freePort, startEmbeddedPostgres, withDatabase } from "@/lib/runtime/database-server";

it("keeps data across a stop and a start on the same data folder", async () => {
  // Not mkdtemp: its 0700 folder would shut out the postgres user the server runs as under root.
  const dataDir = path.resolve(".data-test", `restart-${randomBytes(4).toString("hex")}`);
  mkdirSync(dataDir, { recursive: true });
  try {
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port });
    await ensureDatabase(first.url, "hindsight");
    const url = withDatabase(first.url, "hindsight");
    let client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("CREATE TABLE kept (title text)");
    await client.query("INSERT INTO kept VALUES ('SYN storm to a deleted pod IP')");
    await client.end();
    await first.stop();

    const started = Date.now();
    const second = await startEmbeddedPostgres({ dataDir, port });
    const restartMs = Date.now() - started;
    client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("SELECT title FROM kept");
    await client.end();
    await second.stop();
    expect(rows).toEqual([{ title: "SYN storm to a deleted pod IP" }]);
    console.log(`embedded PostgreSQL restart on an existing data folder: ${restartMs} ms`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
