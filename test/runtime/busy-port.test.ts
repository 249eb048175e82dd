// `npm start` on a port something else holds: exit non-zero at once, name the port and how to
// pick another, and leave no PostgreSQL behind.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

it("exits within 10 s with a message naming the port, and starts no database", async () => {
  const blocker = http.createServer().listen(0, "127.0.0.1");
  await once(blocker, "listening");
  const port = (blocker.address() as AddressInfo).port;
  const dataDir = path.join(root, ".data-test", `busy-${randomBytes(4).toString("hex")}`);
  try {
    const started = Date.now();
    const child = spawn("npx", ["tsx", "scripts/start.ts"], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", HINDSIGHT_DATA_DIR: dataDir, HINDSIGHT_DEMO: "0", DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    const [code] = (await once(child, "exit")) as [number | null];
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).not.toBe(0);
    expect(output).toContain(`port ${port}`);
    expect(output).toContain("PORT=");
    expect(output).not.toContain("embedded PostgreSQL up");
    const postgres = spawnSync("pgrep", ["-f", dataDir], { encoding: "utf8" }).stdout.trim();
    expect(postgres).toBe("");
  } finally {
    blocker.close();
  }
});
