// The embedded PostgreSQL's superuser password is random per data folder and kept readable by its
// owner only: the password written in the source no longer opens it.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, it } from "vitest";
import { freePort, startEmbeddedPostgres } from "@/lib/runtime/database-server";

it("gives a new data folder a random password in an owner-only file", async () => {
  const dataDir = path.resolve(".data-test", `password-${randomBytes(4).toString("hex")}`);
  mkdirSync(dataDir, { recursive: true });
  try {
    const port = await freePort();
    const server = await startEmbeddedPostgres({ dataDir, port });
    try {
      const file = path.join(dataDir, "pg-password");
      const password = readFileSync(file, "utf8").trim();
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(statSync(file).mode & 0o077).toBe(0);
      const ok = new pg.Client({ connectionString: server.url });
      await ok.connect();
      await ok.end();
      const known = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password: "hindsight", database: "postgres" });
      await expect(known.connect()).rejects.toThrow(/password authentication failed/);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
