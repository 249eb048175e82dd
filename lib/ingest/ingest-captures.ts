// Capture family: the files of one request (often `tcpdump -G 60` rotations) are read in time
// order through one CaptureAnalyzer, so a query answered in the next file is matched and a SYN
// retransmitted after a rotation is recognised. What is derived belongs to the upload of the
// file it came from (the analyzer's sources). Transactions stream through a staging table
// (bounded memory); per-second rollups are small and kept in memory until the end.
import { CaptureAnalyzer, type CaptureSource } from "@/lib/captures/capture-analyzer";
import { newLatencyScratch, percentilesOfEntries } from "@/lib/captures/latency-percentiles";
import { columnsOf, tablesOf } from "@/lib/evidence/catalogue";
import { CopyWriter, copyNum, copyText } from "@/lib/evidence/copy-writer";
import { copyIntoUploadTable, createUploadTable, finishUploadTables } from "@/lib/evidence/partitions";
import type { CaptureSink } from "@/lib/parsers/capture/packet";
import type { CaptureEntry, IngestMember, IngestOutcome } from "./family";
import { TimeSpan } from "@/lib/time/time-span";
import { bulkRange } from "./bulk-range";
import { noteCaptureIssues, readCaptures } from "./read-captures";

type Client = Parameters<typeof copyIntoUploadTable>[0];

/** Histogram table, its resolution in seconds, and the table of per-bucket summaries (none per second). */
const LATENCY_RESOLUTIONS = [
  ["dns_latency", 1, null], ["dns_latency_5s", 5, "dns_latency_summary_5s"], ["dns_latency_1m", 60, "dns_latency_summary_1m"],
] as const;

const TX_COLUMNS = columnsOf("dns_transactions");
const CAPTURE_TABLES = tablesOf("captures");

type DnsSeconds = CaptureSource["dnsSeconds"];

/**
 * One row per time bucket of `seconds`: the DNS counts, the exact maximum and p50/p90/p99 of the
 * bucket's merged histogram by the function the series uses on the histogram rows (so reading
 * these gives the same answer, only faster).
 */
async function writeSummaries(out: CopyWriter, dns: DnsSeconds, seconds: number, merged: Map<number, Map<number, number>>) {
  const sums = new Map<number, { queries: number; answered: number; unanswered: number; servfail: number; nxdomain: number; maxUs: number | null }>();
  for (const [sec, { row, latency }] of dns) {
    const at = Math.floor(sec / seconds) * seconds * 1000;
    let t = sums.get(at);
    if (!t) sums.set(at, (t = { queries: 0, answered: 0, unanswered: 0, servfail: 0, nxdomain: 0, maxUs: null }));
    t.queries += row.queries;
    t.answered += row.answered;
    t.unanswered += row.unanswered;
    t.servfail += row.servfail;
    t.nxdomain += row.nxdomain;
    if (latency.maxUs !== null && (t.maxUs === null || latency.maxUs > t.maxUs)) t.maxUs = latency.maxUs;
  }
  const scratch = newLatencyScratch();
  for (const [at, t] of sums) {
    const [p50, p90, p99] = percentilesOfEntries(merged.get(at)!, scratch, t.maxUs ?? undefined).map(copyNum);
    out.row(`${at}\t${t.queries}\t${t.answered}\t${t.unanswered}\t${t.servfail}\t${t.nxdomain}\t${copyNum(t.maxUs)}\t${p50}\t${p90}\t${p99}`);
  }
  await out.finish();
}

async function writeRollups(client: Client, uploadId: string, source: CaptureSource, staged: boolean) {
  const { dnsSeconds: dns, tcpSeconds: tcp, synCells } = source;
  const rollups = copyIntoUploadTable(client, "dns_rollups", uploadId, { staged });
  for (const [sec, { row: s }] of dns) {
    rollups.row(`${sec * 1000}\t${s.queries}\t${s.answered}\t${s.unanswered}\t${s.servfail}\t${s.nxdomain}\t${s.refused}\t${s.retries}\t${copyNum(s.maxLatencyUs)}`);
  }
  await rollups.finish();
  // The same histograms at three resolutions; a series query reads the coarsest that divides its step.
  for (const [table, seconds, summaryTable] of LATENCY_RESOLUTIONS) {
    const merged = new Map<number, Map<number, number>>();
    for (const [sec, { latency }] of dns) {
      const at = Math.floor(sec / seconds) * seconds * 1000;
      const into = merged.get(at) ?? merged.set(at, new Map()).get(at)!;
      for (const [bucket, count] of latency.buckets) into.set(bucket, (into.get(bucket) ?? 0) + count);
    }
    const latency = copyIntoUploadTable(client, table, uploadId, { staged });
    for (const [at, buckets] of merged) for (const [bucket, count] of buckets) latency.row(`${at}\t${bucket}\t${count}`);
    await latency.finish();
    if (summaryTable) await writeSummaries(copyIntoUploadTable(client, summaryTable, uploadId, { staged }), dns, seconds, merged);
  }
  const packets = copyIntoUploadTable(client, "packet_rollups", uploadId, { staged });
  for (const [sec, c] of tcp) packets.row(`${sec * 1000}\t${c.syn}\t${c.synack}\t${c.rst}\t${c.fin}\t${c.other}\t${c.none}\t${c.synRetransmissions}`);
  await packets.finish();
  // Per destination: "TCP to one server keeps failing" needs the split packet_rollups lacks.
  const syns = copyIntoUploadTable(client, "tcp_syn_rollups", uploadId, { staged });
  for (const c of synCells) {
    syns.row(`${c.ts}\t${c.dst}\t${c.dstPort}\t${c.syns}\t${c.synRetransmissions}`);
    await syns.flushIfFull();
  }
  await syns.finish();
}

export async function ingestCaptures(client: Client, members: Array<IngestMember<CaptureEntry>>): Promise<IngestOutcome[]> {
  await client.query(
    `CREATE TEMP TABLE capture_staging (source INTEGER NOT NULL, LIKE dns_transactions) ON COMMIT DROP;
     ALTER TABLE capture_staging DROP COLUMN upload_id`,
  );
  const staging = new CopyWriter(client, "capture_staging", ["source", ...TX_COLUMNS]);
  const analyzer = new CaptureAnalyzer({
    onTransaction: (t) =>
      staging.row(
        `${t.sourceIndex}\t${t.queryTs}\t${copyNum(t.answerTs)}\t${copyNum(t.latencyUs)}\t${t.client}\t${t.clientPort}\t${t.server}\t` +
          `${t.serverPort}\t${t.transport === "tcp" ? 1 : 0}\t${t.dnsId}\t${copyText(t.qname)}\t${copyNum(t.qtype)}\t${copyNum(t.rcode)}\t${t.retries}`,
      ),
  });

  await readCaptures(analyzer, members, () => staging.flushIfFull());
  const analysis = analyzer.finish();
  const { sources } = analysis;
  await staging.finish();
  const accountings = noteCaptureIssues(members, analysis);

  const outcomes: IngestOutcome[] = [];
  for (const [index, m] of members.entries()) {
    const source = sources[index];
    const packets = source?.packets ?? 0;
    const accounting = accountings[index];
    m.progress.phase = "indexing";
    const staged = m.staged ?? false;
    const tx = await createUploadTable(client, "dns_transactions", m.uploadId, staged);
    for (const t of CAPTURE_TABLES) if (t !== "dns_transactions") await createUploadTable(client, t, m.uploadId, staged);
    await client.query(`INSERT INTO ${tx} (${TX_COLUMNS.join(", ")}) SELECT ${TX_COLUMNS.join(", ")} FROM capture_staging WHERE source = $1`, [index]);
    if (source) await writeRollups(client, m.uploadId, source, staged);
    await finishUploadTables(client, CAPTURE_TABLES, m.uploadId, staged);
    outcomes.push({
      rowsParsed: packets,
      ...bulkRange(m.issues, "packets", source?.span ?? new TimeSpan()),
      packets: accounting,
    });
  }
  return outcomes;
}

export { shifted } from "./read-captures";

/** Epoch µs of the first packet in `head`, to put rotated files in time order; null if none. */
export function firstPacketUs(format: CaptureEntry, head: Uint8Array): number | null {
  let first: number | null = null;
  const sink: CaptureSink = { packet: (p) => void (first ??= p.ts), reject() {} };
  try {
    format.create(sink).write(head);
  } catch {
    // a damaged head sorts last; parsing reports the damage
  }
  return first;
}
