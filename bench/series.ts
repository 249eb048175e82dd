// Benchmark: a ~2 GB v5 flow log (16M rows, an hour of a busy VPC: ingest time and the server's
// peak RSS) plus a capture with ~1M DNS transactions, then the series API
// over one-hour windows: p50/p90 of 30 requests per query, measured from a client over HTTP.
//
//   npx tsx bench/series.ts [--rows 16000000] [--runs 30] [--explain]
//
// The data folder (bench/out/series-data) is reused: files already uploaded are not uploaded
// again. An upload made before its evidence tables existed (e.g. a capture ingested before the
// 5 s / 1 min DNS histograms or their per-bucket summaries) is deleted and uploaded again. --explain prints EXPLAIN (ANALYZE,
// BUFFERS) of the SQL behind each query (the statements the server runs, with its parameters).
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateDnsCapture } from "../lib/samples/dns-capture-scenario";
import { createCaptureFileWriter } from "../lib/samples/pcap-writer";
import { writeVpcFlowLog } from "../lib/samples/write-vpc-flow-log";
import { BASE, createIncident, getJson, loadAverage, machine, percentile, psql, startServer, stopServer, timed, withPeakRss } from "./lib";

const { values } = parseArgs({ options: { rows: { type: "string", default: "16000000" }, runs: { type: "string", default: "30" }, explain: { type: "boolean", default: false } } });
const rows = Number(values.rows);
const runs = Number(values.runs);
const out = path.resolve("bench/out");
mkdirSync(out, { recursive: true });
const START = 1_718_000_000;
const flows = path.join(out, `flows-v5-${rows}.log`);
const capture = path.join(out, "dns-1M-transactions.pcap");

if (!existsSync(flows)) {
  console.log(`generating ${rows} flow rows…`);
  // 16M rows at ~2.2k flows/s span two hours, with the storm in the middle.
  await writeVpcFlowLog(flows, {
    version: 5, rows, startSec: START, seed: 99, flowsPerSec: Math.ceil(rows / 7200),
    storm: { dst: "10.0.42.17", fromSec: START + 3600, toSec: START + 3690, synsPerSec: 1450 },
  });
}
if (!existsSync(capture)) {
  console.log("generating the capture…");
  const fd = openSync(capture, "w");
  const writer = createCaptureFileWriter({ type: "pcap", link: "ethernet" }, (c) => writeSync(fd, c));
  generateDnsCapture({ seed: 5, startUs: START * 1e6, seconds: 3600, qps: 280, unansweredRate: 0.03, servfailRate: 0.01,
    latencyDistribution: { kind: "lognormal", medianMs: 4, sigma: 1 }, keepTransactions: false }, (p) => writer.write(p));
  writer.end();
  closeSync(fd);
}

const upload = (incident: string, file: string) =>
  JSON.parse(execFileSync("curl", ["-sS", "-F", `file=@${file}`, `${BASE}/api/incidents/${incident}/uploads`], { maxBuffer: 16 << 20 }).toString());

const server = await startServer(path.join(out, "series-data"));
try {
  const found = await getJson<{ incidents: Array<{ id: string; title: string }> }>(`${BASE}/api/incidents`);
  let incident = found.incidents.find((i) => i.title === "series bench")?.id;
  incident ??= await createIncident("series bench");
  const uploaded = (file: string, tables: string[]) => {
    const id = psql(`SELECT id FROM uploads WHERE incident_id = '${incident}' AND filename = '${path.basename(file)}' AND status = 'ready'`).trim();
    if (!id) return false;
    const missing = tables.filter((t) => psql(`SELECT to_regclass('${t}_u${id.replace(/-/g, "")}') IS NOT NULL`).trim() !== "t");
    if (!missing.length) return true;
    console.log(`${path.basename(file)}: uploaded before ${missing.join(", ")} existed; deleting and uploading again`);
    execFileSync("curl", ["-sS", "-X", "DELETE", `${BASE}/api/uploads/${id}`]);
    return false;
  };
  if (!uploaded(flows, ["flow_rollups", "flow_talkers"])) {
    const { result, peakRss } = await withPeakRss(() => timed(async () => upload(incident!, flows)));
    const u = result.result.uploads[0];
    console.log(`flows: ${u.rowsParsed} rows, ${(statSync(flows).size / 2 ** 30).toFixed(2)} GiB in ${result.seconds.toFixed(1)} s ` +
      `(${Math.round(u.rowsParsed / result.seconds)} rows/s), server peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  }
  if (!uploaded(capture, ["dns_latency_5s", "dns_latency_summary_5s", "dns_latency_summary_1m"])) {
    const c = await timed(async () => upload(incident!, capture));
    console.log(`capture: ${c.result.uploads[0].rowsParsed} packets in ${c.seconds.toFixed(1)} s`);
  }
  const hour = `from=${(START + 1800) * 1000}&to=${(START + 5400) * 1000}`;
  const queries: Array<[string, string]> = [
    ["flows by flag, 1 h, maxPoints=1000 (rollups)", `series/flows?${hour}&maxPoints=1000`],
    ["flows by direction, bytes, 1 h", `series/flows?${hour}&maxPoints=1000&groupBy=direction&metric=bytes`],
    ["flows dst=10.0.42.17/32, 1 h (raw rows)", `series/flows?${hour}&maxPoints=1000&dst=10.0.42.17/32`],
    ["dns counts + p50/p90/p99/max, 1 h (5 s summaries)", `series/dns?from=${START * 1000}&to=${(START + 3600) * 1000}&maxPoints=1000`],
    ["dns, 1 h, step=10s (merged 5 s histograms)", `series/dns?from=${START * 1000}&to=${(START + 3600) * 1000}&step=10s`],
    ["packets by flag, 1 h", `series/packets?from=${START * 1000}&to=${(START + 3600) * 1000}&maxPoints=1000`],
    ["top destinations by flows, 1 h (raw rows)", `top/flows?${hour}&by=dst&limit=10`],
    ["top pairs by SYN-only flows, 1 h, sparklines of 24", `top/flows?${hour}&by=pair&metric=syn&limit=10&spark=24`],
    ["top destinations by change vs the hour before", `top/flows?from=${(START + 3600) * 1000}&to=${(START + 7200) * 1000}&by=dst&baseline=-1h&rank=change&limit=10`],
    ["top query names, 1 h", `top/dns?from=${START * 1000}&to=${(START + 3600) * 1000}&by=qname&limit=10`],
    ["top resolvers by p90, 1 h", `top/dns?from=${START * 1000}&to=${(START + 3600) * 1000}&by=resolver&metric=p90&limit=10`],
  ];
  if (values.explain) explainAll(incident);
  console.log(`\n${machine()}, ${new Date().toISOString().slice(0, 10)}, ${runs} requests per query after 2 warm-ups`);
  console.log("| query | p50 | p90 | load avg (1 min) before → after |\n|---|---|---|---|");
  for (const [label, q] of queries) {
    const before = loadAverage();
    const times: number[] = [];
    // The address-filtered query scans raw rows for seconds: fewer runs of it.
    const n = q.includes("dst=") || q.startsWith("top/") ? Math.min(runs, 10) : runs;
    for (let i = 0; i < n + 2; i++) {
      const t = await timed(() => getJson(`${BASE}/api/incidents/${incident}/${q}`));
      if (i >= 2) times.push(t.seconds * 1000); // first two warm the caches
    }
    console.log(`| ${label} | ${percentile(times, 0.5).toFixed(1)} ms | ${percentile(times, 0.9).toFixed(1)} ms | ${before} → ${loadAverage()} |`);
  }
  referenceTopTalkers(incident);
} finally {
  await stopServer(server);
}

/**
 * The same "top destinations of the hour" without Hindsight, in the same run: the GROUP BY straight
 * on the upload's table in psql (the database's floor), and awk over the raw log, what one does by
 * hand without a tool (the bench's v5 layout: dstaddr $4, start $10, pkt-dstaddr $15, as the
 * top talkers count them).
 */
function referenceTopTalkers(incident: string) {
  const id = psql(`SELECT id FROM uploads WHERE incident_id = '${incident}' AND status = 'ready' AND kind LIKE '%flow%' LIMIT 1`).trim();
  if (!id) return;
  const from = (START + 1800) * 1000;
  const to = (START + 5400) * 1000;
  const sql = `SELECT host(coalesce(pkt_dst, dst)), count(*) FROM flow_records_u${id.replace(/-/g, "")} WHERE start_ms >= ${from} AND start_ms < ${to} GROUP BY 1 ORDER BY 2 DESC LIMIT 10`;
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    psql(sql);
    if (i >= 2) times.push(performance.now() - t0);
  }
  console.log(`| reference: psql GROUP BY on the upload's table, same hour | ${percentile(times, 0.5).toFixed(1)} ms | ${percentile(times, 0.9).toFixed(1)} ms | ${loadAverage()} |`);
  const t0 = performance.now();
  const awk = `NR > 1 && $10 >= ${from / 1000} && $10 < ${to / 1000} { c[$15 != "-" ? $15 : $4]++ } END { for (k in c) print c[k], k }`;
  execFileSync("sh", ["-c", `awk '${awk}' '${flows}' | sort -rn | head -10`], { maxBuffer: 1 << 20 });
  console.log(`| reference: awk over the ${(statSync(flows).size / 2 ** 30).toFixed(2)} GiB log + sort, same hour (once) | ${(performance.now() - t0).toFixed(0)} ms | — | ${loadAverage()} |`);
}

/** EXPLAIN (ANALYZE, BUFFERS) of the statements behind the queries, on the bench's data. */
function explainAll(incident: string) {
  const ids = (kinds: string) => psql(`SELECT id FROM uploads WHERE incident_id = '${incident}' AND status = 'ready' AND kind ${kinds}`).trim().split("\n").filter(Boolean);
  const part = (table: string, id: string) => `${table}_u${id.replace(/-/g, "")}`;
  const [f] = ids("LIKE '%flow%'");
  const [c] = ids("NOT LIKE '%flow%'");
  const from = (START + 1800) * 1000;
  const to = (START + 5400) * 1000;
  const perKey = (n: number) => Array.from({ length: n }, (_, k) => `sum(v) FILTER (WHERE g = ${k}) AS v${k}`).join(", ");
  const statements = [
    f && `SELECT (ts / 5000) * 5000 AS b, ${Array.from({ length: 6 }, (_, k) => `sum(v${k}) AS v${k}`).join(", ")} FROM (SELECT ts, ${perKey(6)} ` +
      `FROM (SELECT ts, flag_class AS g, flows::float8 AS v FROM ${part("flow_rollups", f)} WHERE ts >= ${from} AND ts < ${to}) r GROUP BY ts) s GROUP BY 1`,
    f && `SELECT (t / 5000) * 5000 AS b, ${perKey(6)} FROM (SELECT start_ms AS t, flag_class AS g, 1::float8 AS v FROM ${part("flow_records", f)} ` +
      `WHERE start_ms >= ${from} AND start_ms < ${to} AND (dst <<= '10.0.42.17/32' OR pkt_dst <<= '10.0.42.17/32')) r GROUP BY 1`,
    c && `SELECT (ts / 5000) * 5000 AS b, string_agg(((bucket::int8 << 32) | count)::text, ' ') AS h FROM (SELECT ts, bucket, count FROM ${part("dns_latency_5s", c)} ` +
      `WHERE ts >= ${START * 1000} AND ts < ${(START + 3600) * 1000}) r GROUP BY 1`,
    c && `SELECT 0 AS k, ts AS b, queries, answered, unanswered, servfail, nxdomain, max_latency_us AS max, p50_us AS p50, p90_us AS p90, p99_us AS p99 ` +
      `FROM ${part("dns_latency_summary_5s", c)} WHERE ts >= ${START * 1000} AND ts < ${(START + 3600) * 1000}`,
  ];
  for (const sql of statements) if (sql) console.log(`\n${sql}\n${psql(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`)}`);
}
