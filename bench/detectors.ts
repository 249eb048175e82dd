// Benchmark (issue 10): every detector over one incident with 10M flow records and 1M DNS
// transactions, loaded once through the real ingest code (parsers → COPY into per-upload
// partitions → rollups) into an embedded PostgreSQL kept in bench/out/detectors/ and reused on
// later runs. Prints the time of each run and of each detector.
//
//   npx tsx bench/detectors.ts [--flows 10000000] [--dns 1000000] [--runs 3] [--port 54710]
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync, createWriteStream } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { runDetectors } from "../lib/detectors";
import { readContent } from "../lib/ingest/evidence-reader";
import type { FamilyIngester, FormatEntry } from "../lib/ingest/family";
import { formatByKind } from "../lib/ingest/formats";
import { ingestCaptures } from "../lib/ingest/ingest-captures";
import { ingestFlows } from "../lib/ingest/ingest-flows";
import { ingestMetrics } from "../lib/ingest/ingest-metrics";
import { IssueLog } from "../lib/ingest/issue-log";
import { trackProgress } from "../lib/uploads/progress";
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from "../lib/runtime/database-server";
import { migrateDatabase } from "../lib/runtime/migrate";
import { generateDnsCapture } from "../lib/samples/dns-capture-scenario";
import { createCaptureFileWriter } from "../lib/samples/pcap-writer";
import { generateVpcFlowLog } from "../lib/samples/vpc-flow-log";
import { machine, median, timed } from "./lib";

const { values } = parseArgs({
  options: { flows: { type: "string", default: "10000000" }, dns: { type: "string", default: "1000000" }, runs: { type: "string", default: "3" }, port: { type: "string", default: "54710" } },
});
const FLOWS = Number(values.flows);
const DNS = Number(values.dns);
const START = 1_718_000_000;
const FLOW_FILES = 10; // flow logs arrive as many files: one upload (partition) each
const out = path.resolve("bench/out/detectors");
mkdirSync(out, { recursive: true });
const stateFile = path.join(out, `incident-${FLOWS}-${DNS}.json`);

const server = await startEmbeddedPostgres({ dataDir: out, port: Number(values.port) });
const url = withDatabase(server.url, "hindsight");
await ensureDatabase(server.url, "hindsight");
await migrateDatabase(url, path.resolve("."));
const pool = new pg.Pool({ connectionString: url, max: 10 });
pool.on("error", (error) => console.error("[bench] idle client error:", error.message));

/** Lines as ~1 MiB buffers, the way the upload pipeline hands file content to a parser. */
async function* asChunks(lines: Iterable<string>): AsyncGenerator<Buffer> {
  let batch = "";
  for (const line of lines) {
    batch += line + "\n";
    if (batch.length >= 1 << 20) {
      yield Buffer.from(batch);
      batch = "";
    }
  }
  if (batch) yield Buffer.from(batch);
}

/** One upload through an ingester in its own transaction, marked ready like the upload API does. */
async function ingest(incidentId: string, kind: string, chunks: AsyncIterable<Buffer>, run: (input: Parameters<FamilyIngester>[0]) => ReturnType<FamilyIngester>) {
  const uploadId = randomUUID();
  const client = await pool.connect();
  try {
    await client.query(`INSERT INTO uploads (id, incident_id, filename, kind, sha256, size) VALUES ($1, $2, $3, $4, $5, 0)`, [uploadId, incidentId, `${kind}-${uploadId}`, kind, "0".repeat(64)]);
    await client.query("BEGIN");
    const format = formatByKind(kind) as FormatEntry<unknown>;
    const o = await run({ client, uploadId, incidentId, format, chunks, progress: trackProgress(uploadId, 0), issues: new IssueLog() });
    await client.query(
      `UPDATE uploads SET status = 'ready', rows_parsed = $2, time_from = to_timestamp($3 / 1000.0), time_to = to_timestamp($4 / 1000.0), finished_at = now() WHERE id = $1`,
      [uploadId, o.rowsParsed, o.timeFrom, o.timeTo],
    );
    await client.query("COMMIT");
    return o.rowsParsed;
  } finally {
    client.release();
  }
}

async function writeDnsPcap(file: string): Promise<void> {
  const stream = createWriteStream(file);
  const writer = createCaptureFileWriter({ type: "pcap", link: "ethernet" }, (c) => stream.write(c));
  const qps = 1000;
  generateDnsCapture({
    seed: 3, startUs: (START + 1200) * 1e6, seconds: Math.ceil(DNS / qps), qps, clients: 400, servers: ["10.0.0.2", "10.0.0.3"],
    unansweredRate: 0.02, servfailRate: 0.01, nxdomainRate: 0.05, retransmitAfterMs: 1000, maxRetries: 2, keepTransactions: false,
    latencyDistribution: { kind: "lognormal", medianMs: 8, sigma: 0.8 }, tcpConnectionsPerSecond: 20,
    synStorm: { startSecond: 300, seconds: 8, synsPerSecond: 5, target: "10.0.0.2", port: 53, retransmits: 3 },
  }, (p) => writer.write(p));
  writer.end();
  stream.end();
  await once(stream, "finish");
}

async function generate(): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(`INSERT INTO incidents (id, title, updated_at) VALUES (gen_random_uuid(), $1, now()) RETURNING id`, [`bench ${FLOWS} flows / ${DNS} dns`]);
  const incidentId = rows[0]!.id;
  const perFile = Math.ceil(FLOWS / FLOW_FILES);
  for (let i = 0; i < FLOW_FILES; i++) {
    const startSec = START + i * Math.ceil(perFile / 2000);
    // The third file holds the DESIGN.md storm: 130k SYNs in 90 s to a deleted pod IP.
    const storm = i === 2 ? { dst: "10.0.42.17", fromSec: startSec + 200, toSec: startSec + 290, synsPerSec: 1450 } : undefined;
    const { lines } = generateVpcFlowLog({ version: 5, rows: perFile, startSec, seed: 100 + i, flowsPerSec: 2000, storm });
    const t = await timed(() => ingest(incidentId, "aws-vpc-flow", asChunks(lines), ingestFlows));
    console.log(`flows ${i + 1}/${FLOW_FILES}: ${t.result.toLocaleString("en-US")} rows in ${t.seconds.toFixed(1)} s`);
  }
  const pcap = path.join(out, `dns-${DNS}.pcap`);
  if (!existsSync(pcap)) await writeDnsPcap(pcap);
  const t = await timed(() =>
    ingest(incidentId, "pcap", readContent(pcap, false, () => {}), async (input) => (await ingestCaptures(input.client, [input]))[0]!),
  );
  const { rows: tx } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM dns_transactions d JOIN uploads u ON u.id = d.upload_id WHERE u.incident_id = $1`, [incidentId]);
  console.log(`capture: ${t.result.toLocaleString("en-US")} packets, ${Number(tx[0]!.n).toLocaleString("en-US")} DNS transactions in ${t.seconds.toFixed(1)} s`);
  const metrics = [];
  for (let n = 0; n < 12; n++) {
    for (let s = 0; s < FLOW_FILES * Math.ceil(perFile / 2000); s += 15) {
      const v = s >= 1200 && s < 1300 ? 60_000 : 13_000 + ((s * 7919 + n * 104729) % 800);
      metrics.push(`node_nf_conntrack_entries{instance="10.0.1.${10 + n}:9100"} ${v} ${(START + s) * 1000}`);
    }
  }
  await ingest(incidentId, "prometheus-text", asChunks(metrics), ingestMetrics);
  await pool.query("ANALYZE");
  writeFileSync(stateFile, JSON.stringify({ incidentId }));
  return incidentId;
}

try {
  let incidentId = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, "utf8")) as { incidentId: string }).incidentId : null;
  const known = incidentId ? (await pool.query(`SELECT 1 FROM incidents WHERE id = $1`, [incidentId])).rowCount : 0;
  if (!known) incidentId = await generate();
  const { rows: size } = await pool.query<{ flows: string; dns: string }>(
    `SELECT (SELECT count(*) FROM flow_records f JOIN uploads u ON u.id = f.upload_id WHERE u.incident_id = $1) AS flows,
            (SELECT count(*) FROM dns_transactions d JOIN uploads u ON u.id = d.upload_id WHERE u.incident_id = $1) AS dns`,
    [incidentId],
  );
  console.log(`incident ${incidentId}: ${Number(size[0]!.flows).toLocaleString("en-US")} flow records, ${Number(size[0]!.dns).toLocaleString("en-US")} DNS transactions`);
  const totals: number[] = [];
  for (let r = 0; r < Number(values.runs); r++) {
    const t = await timed(() => runDetectors(pool, incidentId!));
    totals.push(t.seconds);
    const timings = Object.entries(t.result.timings).map(([d, ms]) => `${d} ${ms} ms`).join(", ");
    console.log(`run ${r + 1}: ${t.seconds.toFixed(2)} s — ${timings}${t.result.errors.length ? ` — ERRORS ${JSON.stringify(t.result.errors)}` : ""}`);
    if (r === 0) for (const f of t.result.findings) console.log(`  [${f.detector}] ${f.title}`);
  }
  console.log(`\n| ${new Date().toISOString().slice(0, 10)} | ${machine()} | ${FLOWS.toLocaleString("en-US")} flows + ${DNS.toLocaleString("en-US")} DNS transactions | all detectors: median ${median(totals).toFixed(2)} s (runs ${totals.map((x) => x.toFixed(2)).join(", ")}) |`);
} finally {
  await pool.end();
  await server.stop();
}
