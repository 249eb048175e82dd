// Shared benchmark plumbing: start a real Hindsight server (embedded PostgreSQL, own data
// folder and ports), sample its memory, and time things.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const BENCH_PORT = Number(process.env.BENCH_PORT ?? 3400);
export const BENCH_PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54600);
export const BASE = `http://127.0.0.1:${BENCH_PORT}`;
let serverDataDir = "";

/** The bench server's database, with the password its embedded PostgreSQL keeps in its data folder. */
export const pgUrl = () => {
  const password = readFileSync(path.join(serverDataDir, "pg-password"), "utf8").trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${BENCH_PG_PORT}/hindsight`;
};

export async function startServer(dataDir: string, distDir = ".next-bench"): Promise<ChildProcess> {
  serverDataDir = dataDir;
  const child = spawn("npx", ["tsx", "scripts/start.ts"], {
    env: {
      ...process.env, PORT: String(BENCH_PORT), HINDSIGHT_DATA_DIR: dataDir, HINDSIGHT_PG_PORT: String(BENCH_PG_PORT),
      HINDSIGHT_DIST_DIR: distDir, HINDSIGHT_DEMO: "0",
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true, // its own process group, so one signal stops npx, tsx, node and postgres
  });
  for (let i = 0; i < 1200; i++) {
    if (await fetch(`${BASE}/api/incidents`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not come up");
}

export async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid!, "SIGTERM");
  await exited;
}

/** Resident memory (bytes) of the Next server process: the node process running scripts/start.ts. */
function serverRss(): number {
  const pids = execFileSync("pgrep", ["-f", `node.*scripts/start.ts`]).toString().trim().split("\n");
  let max = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      max = Math.max(max, kb * 1024);
    } catch {
      // process went away
    }
  }
  return max;
}

/** Samples the server's RSS every 100 ms while `work` runs; returns the work's result and the peak. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRss: number }> {
  let peakRss = serverRss();
  const timer = setInterval(() => (peakRss = Math.max(peakRss, serverRss())), 100);
  try {
    return { result: await work(), peakRss };
  } finally {
    clearInterval(timer);
  }
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The q-quantile (0 < q < 1) by nearest rank: percentile(xs, 0.5) is the median, 0.9 the p90. */
export function percentile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The 1-minute load average, to print beside every measurement (these machines are shared). */
export const loadAverage = () => os.loadavg()[0]!.toFixed(2);

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
}

export async function createIncident(title: string): Promise<string> {
  const post = () => fetch(`${BASE}/api/incidents`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title }) });
  // A keep-alive socket left idle during a long upload may have been closed: retry once.
  const res = await post().catch(post);
  return ((await res.json()) as { id: string }).id;
}

export function psql(sql: string): string {
  return execFileSync("psql", [pgUrl(), "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], { maxBuffer: 64 << 20 }).toString();
}

/** GET JSON; retried once because a keep-alive socket left idle during a long upload may be closed under us. */
export async function getJson<T>(url: string): Promise<T> {
  try {
    return (await (await fetch(url)).json()) as T;
  } catch {
    return (await (await fetch(url)).json()) as T;
  }
}
