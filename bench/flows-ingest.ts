// Benchmark: end-to-end ingest of a generated v5 flow log through Hindsight's HTTP
// upload API vs `psql \copy` of the same file into a plain table, on the same embedded
// PostgreSQL, in the same run. Also reports the server's peak RSS during the upload.
//
//   npx tsx bench/flows-ingest.ts [--rows 2000000] [--runs 3] [--dist .next-bench]
//
// `--dist` picks the server's build folder (default `.next-bench`, shared with the other bench
// scripts); with BENCH_PORT / BENCH_PG_PORT and another folder this can run while another bench
// server is up. Peak RSS is sampled from this run's own server process only.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { writeVpcFlowLog } from "../lib/samples/write-vpc-flow-log";
import { BASE, createIncident, machine, median, pgUrl, psql, startServer, stopServer, timed } from "./lib";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "2000000" }, runs: { type: "string", default: "3" }, dist: { type: "string", default: ".next-bench" } },
});
const rows = Number(values.rows);
const runs = Number(values.runs);

/** Largest resident memory (bytes) among this server's node processes (its process group, postgres excluded). */
function serverRss(group: number): number {
  let max = 0;
  let pids: string[] = [];
  try {
    pids = execFileSync("pgrep", ["-g", String(group)]).toString().split("\n").filter(Boolean);
  } catch {
    return 0; // no process left in the group
  }
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (!/^Name:\s+node/m.test(status)) continue;
      max = Math.max(max, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
    } catch {
      // process went away
    }
  }
  return max;
}

async function withPeakRss<T>(group: number, work: () => Promise<T>): Promise<{ result: T; peakRss: number }> {
  let peakRss = serverRss(group);
  const timer = setInterval(() => (peakRss = Math.max(peakRss, serverRss(group))), 100);
  try {
    return { result: await work(), peakRss };
  } finally {
    clearInterval(timer);
  }
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
const out = path.resolve("bench/out");
mkdirSync(out, { recursive: true });
const file = path.join(out, `flows-v5-${rows}.log`);

if (!existsSync(file)) {
  console.log(`generating ${rows} rows → ${file}`);
  await writeVpcFlowLog(file, {
    version: 5, rows, startSec: 1_718_000_000, seed: 42, flowsPerSec: 2000,
    storm: { dst: "10.0.42.17", fromSec: 1_718_000_300, toSec: 1_718_000_390, synsPerSec: 1450 },
  });
}
const size = statSync(file).size;

const server = await startServer(path.join(out, "data"), values.dist);
try {
  const copyCols = `version int, interface_id text, srcaddr text, dstaddr text, srcport int, dstport int, protocol int,
    packets bigint, bytes bigint, start_s bigint, end_s bigint, action text, tcp_flags int, pkt_srcaddr text,
    pkt_dstaddr text, flow_direction text, traffic_path int, log_status text`;
  const hindsight: number[] = [];
  const copy: number[] = [];
  let peak = 0;
  let answer: unknown;
  for (let i = 0; i < runs; i++) {
    psql(`DROP TABLE IF EXISTS bench_plain; CREATE TABLE bench_plain (${copyCols})`);
    const c = await timed(async () =>
      execFileSync("psql", [pgUrl(), "-v", "ON_ERROR_STOP=1", "-qc",
        `\\copy bench_plain FROM '${file}' WITH (FORMAT csv, DELIMITER ' ', HEADER true, NULL '-')`]),
    );
    copy.push(c.seconds);
    const loadBefore = load();

    const incident = await createIncident(`bench run ${i}`);
    const { result, peakRss } = await withPeakRss(server.pid!, () =>
      // curl as the client: Node's own fetch+FormData costs more CPU than the server on 2 cores.
      timed(async () => JSON.parse(execFileSync("curl", ["-sS", "-F", `file=@${file}`, `${BASE}/api/incidents/${incident}/uploads`], { maxBuffer: 16 << 20 }).toString())),
    );
    hindsight.push(result.seconds);
    peak = Math.max(peak, peakRss);
    answer = (result.result as { uploads: unknown[] }).uploads[0];
    // Detectors run after every upload; let them finish before the next timed step.
    await new Promise((r) => setTimeout(r, 8000));
    console.log(`run ${i + 1}: hindsight ${result.seconds.toFixed(2)} s, psql \\copy ${c.seconds.toFixed(2)} s, ratio ${(result.seconds / c.seconds).toFixed(2)}x, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB, load ${loadBefore} → ${load()}`);
  }
  psql("DROP TABLE IF EXISTS bench_plain");
  const h = median(hindsight);
  const p = median(copy);
  console.log(JSON.stringify(answer, null, 2).slice(0, 600));
  console.log(`\n| ${new Date().toISOString().slice(0, 10)} | ${machine()} | ${rows.toLocaleString("en-US")} rows, ${(size / 2 ** 20).toFixed(0)} MiB | ` +
    `${h.toFixed(2)} s (${Math.round(rows / h).toLocaleString("en-US")} rows/s) | ${p.toFixed(2)} s | ${(h / p).toFixed(2)}x | ${(peak / 2 ** 20).toFixed(0)} MiB |`);
  console.log(`runs: hindsight [${hindsight.map((x) => x.toFixed(2)).join(", ")}], psql [${copy.map((x) => x.toFixed(2)).join(", ")}]`);
} finally {
  await stopServer(server);
}
