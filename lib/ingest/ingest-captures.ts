// Capture family: the files of one request (often `tcpdump -G 60` rotations) are read in time
// order through ONE DNS matcher and ONE TCP analyzer, so a query answered in the next file is
// matched and a SYN retransmitted after a rotation is recognised. Everything derived still
// belongs to the upload of the file it came from: a transaction to the file of its first query,
// TCP counts to the file of the packet. Transactions stream through a staging table (bounded
// memory); per-second rollups are small and kept in memory until the end.
import { DnsTransactionMatcher, type DnsTransaction } from "@/lib/captures/dns-transactions";
import { LatencyHistogram } from "@/lib/captures/latency-histogram";
import { TcpAnalyzer, type TcpSecondCounts } from "@/lib/captures/tcp-analysis";
import { TcpSynRollup, type TcpSynCell } from "@/lib/captures/tcp-syn-rollup";
import { isIpAddress } from "@/lib/flows/ip";
import type { CapturePacket, CaptureSink } from "@/lib/parsers/capture/packet";
import { newLatencyScratch, percentilesOfEntries } from "@/lib/captures/latency-percentiles";
import { CopyWriter, copyNum, copyText } from "@/lib/evidence/copy-writer";
import type { IngestInput, IngestOutcome } from "./family";
import { attachUploadTable, createUploadTable, partitionName } from "@/lib/evidence/partitions";

type Member = Omit<IngestInput, "client" | "incidentId">;

interface DnsSecond {
  queries: number; answered: number; unanswered: number; servfail: number; nxdomain: number; refused: number; retries: number;
  latency: LatencyHistogram;
}

/** Histogram table, its resolution in seconds, and the table of per-bucket summaries (none per second). */
const LATENCY_RESOLUTIONS = [
  ["dns_latency", 1, null], ["dns_latency_5s", 5, "dns_latency_summary_5s"], ["dns_latency_1m", 60, "dns_latency_summary_1m"],
] as const;
const SUMMARY_COLUMNS = ["ts", "queries", "answered", "unanswered", "servfail", "nxdomain", "max_latency_us", "p50_us", "p90_us", "p99_us"];

const TX_COLUMNS = ["query_us", "answer_us", "latency_us", "client", "client_port", "server", "server_port", "transport", "dns_id", "qname", "qtype", "rcode", "retries"];

function newDnsSecond(): DnsSecond {
  return { queries: 0, answered: 0, unanswered: 0, servfail: 0, nxdomain: 0, refused: 0, retries: 0, latency: new LatencyHistogram() };
}

function addTransaction(seconds: Map<number, DnsSecond>, t: DnsTransaction): void {
  const second = Math.floor(t.queryTs / 1_000_000);
  let s = seconds.get(second);
  if (!s) seconds.set(second, (s = newDnsSecond()));
  s.queries++;
  s.retries += t.retries;
  if (t.latencyUs === null) return void s.unanswered++;
  s.answered++;
  s.latency.add(t.latencyUs);
  if (t.rcode === 2) s.servfail++;
  else if (t.rcode === 3) s.nxdomain++;
  else if (t.rcode === 5) s.refused++;
}

/**
 * One row per time bucket of `seconds`: the DNS counts, the exact maximum and p50/p90/p99 of the
 * bucket's merged histogram by the function the series uses on the histogram rows (so reading
 * these gives the same answer, only faster).
 */
async function writeSummaries(client: IngestInput["client"], table: string, dns: Map<number, DnsSecond>, seconds: number, merged: Map<number, Map<number, number>>) {
  const sums = new Map<number, { queries: number; answered: number; unanswered: number; servfail: number; nxdomain: number; maxUs: number | null }>();
  for (const [sec, s] of dns) {
    const at = Math.floor(sec / seconds) * seconds * 1000;
    let t = sums.get(at);
    if (!t) sums.set(at, (t = { queries: 0, answered: 0, unanswered: 0, servfail: 0, nxdomain: 0, maxUs: null }));
    t.queries += s.queries;
    t.answered += s.answered;
    t.unanswered += s.unanswered;
    t.servfail += s.servfail;
    t.nxdomain += s.nxdomain;
    if (s.latency.maxUs !== null && (t.maxUs === null || s.latency.maxUs > t.maxUs)) t.maxUs = s.latency.maxUs;
  }
  const out = new CopyWriter(client, table, SUMMARY_COLUMNS);
  const scratch = newLatencyScratch();
  for (const [at, t] of sums) {
    const [p50, p90, p99] = percentilesOfEntries(merged.get(at)!, scratch, t.maxUs ?? undefined).map(copyNum);
    out.row(`${at}\t${t.queries}\t${t.answered}\t${t.unanswered}\t${t.servfail}\t${t.nxdomain}\t${copyNum(t.maxUs)}\t${p50}\t${p90}\t${p99}`);
  }
  await out.finish();
}

async function writeRollups(client: IngestInput["client"], uploadId: string, dns: Map<number, DnsSecond>, tcp: Map<number, TcpSecondCounts>) {
  const rollups = new CopyWriter(client, partitionName("dns_rollups", uploadId),
    ["ts", "queries", "answered", "unanswered", "servfail", "nxdomain", "refused", "retries", "max_latency_us"]);
  for (const [sec, s] of dns) {
    rollups.row(`${sec * 1000}\t${s.queries}\t${s.answered}\t${s.unanswered}\t${s.servfail}\t${s.nxdomain}\t${s.refused}\t${s.retries}\t${copyNum(s.latency.maxUs)}`);
  }
  await rollups.finish();
  // The same histograms at three resolutions; a series query reads the coarsest that divides its step.
  for (const [table, seconds, summaryTable] of LATENCY_RESOLUTIONS) {
    const merged = new Map<number, Map<number, number>>();
    for (const [sec, s] of dns) {
      const at = Math.floor(sec / seconds) * seconds * 1000;
      const into = merged.get(at) ?? merged.set(at, new Map()).get(at)!;
      for (const [bucket, count] of s.latency.buckets) into.set(bucket, (into.get(bucket) ?? 0) + count);
    }
    const latency = new CopyWriter(client, partitionName(table, uploadId), ["ts", "bucket", "count"]);
    for (const [at, buckets] of merged) for (const [bucket, count] of buckets) latency.row(`${at}\t${bucket}\t${count}`);
    await latency.finish();
    if (summaryTable) await writeSummaries(client, partitionName(summaryTable, uploadId), dns, seconds, merged);
  }
  const packets = new CopyWriter(client, partitionName("packet_rollups", uploadId),
    ["ts", "syn", "synack", "rst", "fin", "other", "none", "syn_retransmissions"]);
  for (const [sec, c] of tcp) packets.row(`${sec * 1000}\t${c.syn}\t${c.synack}\t${c.rst}\t${c.fin}\t${c.other}\t${c.none}\t${c.synRetransmissions}`);
  await packets.finish();
}

/** COPYs per-destination SYN cells into an upload's own tcp_syn_rollups table. */
async function writeTcpSynRollups(client: IngestInput["client"], table: string, cells: TcpSynCell[]): Promise<void> {
  const writer = new CopyWriter(client, table, ["ts", "dst", "dst_port", "syns", "syn_retransmissions"]);
  for (const c of cells) {
    writer.row(`${c.ts}\t${c.dst}\t${c.dstPort}\t${c.syns}\t${c.synRetransmissions}`);
    await writer.flushIfFull();
  }
  await writer.finish();
}

export async function ingestCaptures(client: IngestInput["client"], members: Member[]): Promise<IngestOutcome[]> {
  await client.query(
    `CREATE TEMP TABLE capture_staging (source INTEGER NOT NULL, query_us BIGINT, answer_us BIGINT, latency_us BIGINT,
       client INET, client_port INTEGER, server INET, server_port INTEGER, transport SMALLINT, dns_id INTEGER,
       qname TEXT, qtype INTEGER, rcode SMALLINT, retries INTEGER) ON COMMIT DROP`,
  );
  const staging = new CopyWriter(client, "capture_staging", ["source", ...TX_COLUMNS]);
  const dnsBySource = members.map(() => new Map<number, DnsSecond>());
  let badAddresses = 0;
  const matcher = new DnsTransactionMatcher((t) => {
    if (!isIpAddress(t.client) || !isIpAddress(t.server)) return void badAddresses++;
    addTransaction(dnsBySource[t.sourceIndex]!, t);
    staging.row(
      `${t.sourceIndex}\t${t.queryTs}\t${copyNum(t.answerTs)}\t${copyNum(t.latencyUs)}\t${t.client}\t${t.clientPort}\t${t.server}\t` +
        `${t.serverPort}\t${t.transport === "tcp" ? 1 : 0}\t${t.dnsId}\t${copyText(t.qname)}\t${copyNum(t.qtype)}\t${copyNum(t.rcode)}\t${t.retries}`,
    );
  });
  const tcp = new TcpAnalyzer();
  const tcpBySource: Array<Map<number, TcpSecondCounts>> = [];
  const syns = new TcpSynRollup(); // per-destination SYNs and SYN retransmissions
  const synsBySource: TcpSynCell[][] = [];
  const ranges = members.map(() => ({ first: Infinity, last: -Infinity, packets: 0, malformedDns: 0 }));

  for (const [index, m] of members.entries()) {
    const range = ranges[index]!;
    const sink: CaptureSink = {
      packet(p: CapturePacket) {
        range.packets++;
        m.progress.rowsParsed++;
        if (p.ts < range.first) range.first = p.ts;
        if (p.ts > range.last) range.last = p.ts;
        if (p.tcp !== null) syns.packet(p, tcp);
        if (p.dns !== null) {
          for (const msg of p.dns) if (msg.error !== null) range.malformedDns++;
          matcher.packet(p, index);
        }
      },
      reject(issue) {
        m.issues.reject(issue);
        m.progress.rowsRejected++;
      },
    };
    const parser = m.format.create(sink as never);
    for await (const chunk of m.chunks) {
      parser.write(chunk);
      await staging.flushIfFull();
    }
    parser.end();
    tcpBySource[index] = tcp.takeSeconds();
    synsBySource[index] = syns.take();
    if (range.malformedDns) m.issues.note({ line: 0, message: `${range.malformedDns} DNS messages could not be fully decoded (kept as packets)` });
  }
  matcher.finish();
  await staging.finish();
  if (badAddresses) members[0]?.issues.note({ line: 0, message: `${badAddresses} DNS transactions had unreadable addresses and were skipped` });

  const outcomes: IngestOutcome[] = [];
  for (const [index, m] of members.entries()) {
    m.progress.phase = "indexing";
    const tables = ["dns_transactions", "dns_rollups", "dns_latency", "dns_latency_5s", "dns_latency_1m", "dns_latency_summary_5s", "dns_latency_summary_1m",
      "packet_rollups", "tcp_syn_rollups"] as const;
    for (const t of tables) await createUploadTable(client, t, m.uploadId);
    const tx = partitionName("dns_transactions", m.uploadId);
    await client.query(`INSERT INTO ${tx} (${TX_COLUMNS.join(", ")}) SELECT ${TX_COLUMNS.join(", ")} FROM capture_staging WHERE source = $1`, [index]);
    await writeRollups(client, m.uploadId, dnsBySource[index]!, tcpBySource[index]!);
    await writeTcpSynRollups(client, partitionName("tcp_syn_rollups", m.uploadId), synsBySource[index]!);
    await client.query(`CREATE INDEX ON ${tx} USING brin (query_us)`);
    for (const [table, , summary] of LATENCY_RESOLUTIONS) {
      await client.query(`CREATE INDEX ON ${partitionName(table, m.uploadId)} (ts)`);
      if (summary) await client.query(`CREATE INDEX ON ${partitionName(summary, m.uploadId)} (ts)`);
    }
    for (const t of tables) await attachUploadTable(client, t, m.uploadId);
    const r = ranges[index]!;
    outcomes.push({
      rowsParsed: r.packets,
      timeFrom: r.packets ? Math.floor(r.first / 1000) : null,
      timeTo: r.packets ? Math.ceil(r.last / 1000) : null,
    });
  }
  return outcomes;
}

/** Epoch µs of the first packet in `head`, to put rotated files in time order; null if none. */
export function firstPacketUs(create: (sink: CaptureSink) => { write(c: Uint8Array): void }, head: Uint8Array): number | null {
  let first: number | null = null;
  try {
    create({ packet: (p) => void (first ??= p.ts), reject() {} }).write(head);
  } catch {
    // a damaged head sorts last; parsing reports the damage
  }
  return first;
}
