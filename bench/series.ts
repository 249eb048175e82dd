// Benchmark (issues 3 and 6): a ~2 GB v5 flow log (16M rows, the "2 GB file" of issue 3: ingest
// time and the server's peak RSS) plus a capture with ~1M DNS transactions, then the series API
// over one-hour windows: p50/p90 of 30 requests per query, measured from a client over HTTP.
//
//   npx tsx bench/series.ts [--rows 16000000]
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateDnsCapture } from "../lib/samples/dns-capture-scenario";
import { createCaptureFileWriter } from "../lib/samples/pcap-writer";
import { writeVpcFlowLog } from "../lib/samples/write-vpc-flow-log";
import { BASE, createIncident, getJson, machine, startServer, stopServer, timed, withPeakRss } from "./lib";

const { values } = parseArgs({ options: { rows: { type: "string", default: "16000000" } } });
const rows = Number(values.rows);
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
  if (!incident) {
    incident = await createIncident("series bench");
    const { result, peakRss } = await withPeakRss(() => timed(async () => upload(incident!, flows)));
    const u = result.result.uploads[0];
    console.log(`flows: ${u.rowsParsed} rows, ${(statSync(flows).size / 2 ** 30).toFixed(2)} GiB in ${result.seconds.toFixed(1)} s ` +
      `(${Math.round(u.rowsParsed / result.seconds)} rows/s), server peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
    const c = await timed(async () => upload(incident!, capture));
    console.log(`capture: ${c.result.uploads[0].rowsParsed} packets in ${c.seconds.toFixed(1)} s`);
  }
  const hour = `from=${(START + 1800) * 1000}&to=${(START + 5400) * 1000}`;
  const queries: Array<[string, string]> = [
    ["flows by flag, 1 h, maxPoints=1000 (rollups)", `series/flows?${hour}&maxPoints=1000`],
    ["flows by direction, bytes, 1 h", `series/flows?${hour}&maxPoints=1000&groupBy=direction&metric=bytes`],
    ["flows dst=10.0.42.17/32, 1 h (raw rows)", `series/flows?${hour}&maxPoints=1000&dst=10.0.42.17/32`],
    ["dns counts + p50/p90/p99/max, 1 h", `series/dns?from=${START * 1000}&to=${(START + 3600) * 1000}&maxPoints=1000`],
    ["packets by flag, 1 h", `series/packets?from=${START * 1000}&to=${(START + 3600) * 1000}&maxPoints=1000`],
  ];
  console.log(`\n${machine()}, ${new Date().toISOString().slice(0, 10)}\n| query | p50 | p90 |\n|---|---|---|`);
  for (const [label, q] of queries) {
    const times: number[] = [];
    for (let i = 0; i < 32; i++) {
      const t = await timed(() => getJson(`${BASE}/api/incidents/${incident}/${q}`));
      if (i >= 2) times.push(t.seconds * 1000); // first two warm the caches
    }
    times.sort((a, b) => a - b);
    console.log(`| ${label} | ${times[Math.floor(times.length * 0.5)]!.toFixed(1)} ms | ${times[Math.floor(times.length * 0.9)]!.toFixed(1)} ms |`);
  }
} finally {
  await stopServer(server);
}
