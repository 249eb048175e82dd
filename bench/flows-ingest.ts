// Benchmark (issue 3): end-to-end ingest of a generated v5 flow log through Hindsight's HTTP
// upload API vs `psql \copy` of the same file into a plain table, on the same embedded
// PostgreSQL, in the same run. Also reports the server's peak RSS during the upload.
//
//   npx tsx bench/flows-ingest.ts [--rows 2000000] [--runs 3]
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { writeVpcFlowLog } from "../lib/samples/write-vpc-flow-log";
import { BASE, createIncident, machine, median, psql, startServer, stopServer, timed, withPeakRss, PG_URL } from "./lib";
import { execFileSync } from "node:child_process";

const { values } = parseArgs({ options: { rows: { type: "string", default: "2000000" }, runs: { type: "string", default: "3" } } });
const rows = Number(values.rows);
const runs = Number(values.runs);
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

const server = await startServer(path.join(out, "data"));
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
      execFileSync("psql", [PG_URL, "-v", "ON_ERROR_STOP=1", "-qc",
        `\\copy bench_plain FROM '${file}' WITH (FORMAT csv, DELIMITER ' ', HEADER true, NULL '-')`]),
    );
    copy.push(c.seconds);

    const incident = await createIncident(`bench run ${i}`);
    const { result, peakRss } = await withPeakRss(() =>
      // curl as the client: Node's own fetch+FormData costs more CPU than the server on 2 cores.
      timed(async () => JSON.parse(execFileSync("curl", ["-sS", "-F", `file=@${file}`, `${BASE}/api/incidents/${incident}/uploads`], { maxBuffer: 16 << 20 }).toString())),
    );
    hindsight.push(result.seconds);
    peak = Math.max(peak, peakRss);
    answer = (result.result as { uploads: unknown[] }).uploads[0];
    // Detectors run after every upload; let them finish before the next timed step.
    await new Promise((r) => setTimeout(r, 8000));
    console.log(`run ${i + 1}: hindsight ${result.seconds.toFixed(2)} s, psql \\copy ${c.seconds.toFixed(2)} s`);
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
