// `npm test`: every test there is — type check, lint, Vitest (unit + integration on a real
// PostgreSQL) and Playwright (a real Chromium against the built app). Fails if any fails.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `[test] Chromium not found at ${chromium}. Install it (Debian: \`sudo apt-get install -y chromium\`)` +
      " or point CHROMIUM_PATH at a Chromium/Chrome binary.",
  );
  process.exit(1);
}

/** The e2e servers' data folders (playwright.config.ts): removed after a green run, kept after a red one. */
const E2E_DATA = [process.env.E2E_DATA_DIR ?? ".data-e2e", process.env.E2E_DEMO_DATA_DIR ?? ".data-e2e-demo", process.env.E2E_SIGNIN_DATA_DIR ?? ".data-e2e-signin"];

const steps: Array<[string, string[]]> = [
  ["type check", ["npx", "tsc", "--noEmit"]],
  ["lint", ["npx", "eslint", "."]],
  ["layering", ["npx", "tsx", "scripts/check-layers.ts"]],
  ["unit and integration tests", ["npx", "vitest", "run"]],
  ["end-to-end tests", ["npx", "playwright", "test"]],
];

for (const [name, [cmd, ...args]] of steps) {
  console.log(`\n[test] ${name}: ${[cmd, ...args].join(" ")}`);
  const started = Date.now();
  const { status } = spawnSync(cmd!, args, { stdio: "inherit" });
  if (status !== 0) {
    console.error(`[test] ${name} failed`);
    if (name === "end-to-end tests") console.error(`[test] the e2e servers' data is kept for a look: ${E2E_DATA.join(", ")}`);
    process.exit(status ?? 1);
  }
  console.log(`[test] ${name} passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

for (const dir of E2E_DATA) rmSync(dir, { recursive: true, force: true });
console.log(`[test] removed the e2e data folders (${E2E_DATA.join(", ")})`);
