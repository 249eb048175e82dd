// Without sign-in, `npm start` serves on loopback only: asked for another interface, it exits
// non-zero at once with what to do instead, before any build or database. A sign-in
// configuration with a gap is refused the same way, naming what is missing.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs `npm start`'s script with `env` until it exits; its exit code, output and data folder. */
async function start(env: Record<string, string>) {
  const dataDir = path.join(root, ".data-test", `bind-${randomBytes(4).toString("hex")}`);
  const child = spawn("npx", ["tsx", "scripts/start.ts"], {
    cwd: root,
    env: { ...process.env, PORT: "3999", HINDSIGHT_DATA_DIR: dataDir, HINDSIGHT_DEMO: "0", DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, output, dataDir };
}

it.each(["0.0.0.0", "::", "10.11.12.13"])("refuses HOST=%s with a clear message and starts no database", async (host) => {
  const { code, output, dataDir } = await start({ HOST: host });
  expect(code).not.toBe(0);
  expect(output).toContain(`HOST=${host} would serve every incident, unauthenticated`);
  expect(output).toContain("HOST=127.0.0.1");
  expect(output).not.toContain("building the app");
  expect(output).not.toContain("embedded PostgreSQL up");
  expect(spawnSync("pgrep", ["-f", dataDir], { encoding: "utf8" }).stdout.trim()).toBe("");
}, 30_000);

it("starts on another interface only with sign-in configured in full, and says what is missing", async () => {
  const { code, output } = await start({ HOST: "0.0.0.0", HINDSIGHT_AUTH: "signin", HINDSIGHT_PUBLIC_URL: "", HINDSIGHT_OIDC_ISSUER: "https://idp.example.com" });
  expect(code).not.toBe(0);
  expect(output).toContain("HINDSIGHT_PUBLIC_URL: sign-in needs the address users reach Hindsight on");
  expect(output).toContain("set all three of HINDSIGHT_OIDC_ISSUER, HINDSIGHT_OIDC_CLIENT_ID and HINDSIGHT_OIDC_CLIENT_SECRET");
  expect(output).not.toContain("embedded PostgreSQL up");
}, 30_000);
