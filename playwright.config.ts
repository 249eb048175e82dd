// End-to-end tests drive a system Chromium (these machines cannot download Playwright's own
// browsers) against the real app, started by `npm start` on its own data folder and port.
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3107);
/** A second server that starts on an empty data folder with the demo on: what a new user gets. */
const demoPort = Number(process.env.E2E_DEMO_PORT ?? 3108);
const dataDir = process.env.E2E_DATA_DIR ?? ".data-e2e";
const demoDataDir = process.env.E2E_DEMO_DATA_DIR ?? ".data-e2e-demo";
/** A third server with sign-in on, against a real OpenID Connect provider on loopback. */
const signinPort = Number(process.env.E2E_SIGNIN_PORT ?? 3109);
const idpPort = Number(process.env.E2E_IDP_PORT ?? 3110);
const signinDataDir = process.env.E2E_SIGNIN_DATA_DIR ?? ".data-e2e-signin";
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          // Without an explicit path Playwright falls back to its own browser, where one is installed.
          ...(chromiumPath ? { executablePath: chromiumPath } : {}),
          args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--disable-component-update", "--disable-sync"],
        },
      },
    },
  ],
  // Started one after the other: the first builds the app if needed, the second reuses the build.
  webServer: [
    {
      // Fresh every run, like the others: test data never piles up.
      command: `rm -rf ${dataDir} && npm start`,
      url: `http://localhost:${port}/api/incidents`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(port),
        HINDSIGHT_DATA_DIR: dataDir,
        HINDSIGHT_DEMO: "0",
        HINDSIGHT_PG_PORT: String(process.env.E2E_PG_PORT ?? 54339),
      },
    },
    {
      // Fresh every run: the point is the first start of an empty database.
      command: `rm -rf ${demoDataDir} && npm start`,
      url: `http://localhost:${demoPort}/api/incidents`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(demoPort),
        HINDSIGHT_DATA_DIR: demoDataDir,
        HINDSIGHT_PG_PORT: String(process.env.E2E_DEMO_PG_PORT ?? 54349),
      },
    },
    {
      command: "npx tsx e2e/oidc-idp.ts",
      url: `http://127.0.0.1:${idpPort}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: { E2E_IDP_PORT: String(idpPort), E2E_SIGNIN_URL: `http://localhost:${signinPort}` },
    },
    {
      // Fresh every run: the first administrator is created by the one-time step.
      command: `rm -rf ${signinDataDir} && npm start`,
      url: `http://localhost:${signinPort}/api/auth/me`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(signinPort),
        HINDSIGHT_DATA_DIR: signinDataDir,
        HINDSIGHT_PG_PORT: String(process.env.E2E_SIGNIN_PG_PORT ?? 54359),
        HINDSIGHT_AUTH: "signin",
        HINDSIGHT_PUBLIC_URL: `http://localhost:${signinPort}`,
        HINDSIGHT_OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
        HINDSIGHT_OIDC_CLIENT_ID: "hindsight",
        HINDSIGHT_OIDC_CLIENT_SECRET: "hindsight-e2e-secret",
        HINDSIGHT_OIDC_NAME: "Test IdP",
        HINDSIGHT_ADMIN_EMAIL: "admin@example.test",
      },
    },
  ],
});
