// The Hindsight side of the corpus test: a file goes through what an upload runs — compression
// by magic bytes, the 64 KiB head and format sniffing, decompression within the upload limits
// (a truncated stream noted, not fatal), readCaptures() (the parsing half of ingestCaptures:
// the format's parser into CaptureAnalyzer), its packet accounting — and the same numbers as
// tshark-truth.ts are read off what would be stored: the
// transactions (dns_transactions), the file's latency histogram merged (the series' p50) and the
// per-second TCP rollups (packet_rollups).
import { CaptureAnalyzer, type PacketAccounting } from "@/lib/captures/capture-analyzer";
import type { DnsTransaction } from "@/lib/captures/dns-transactions";
import { newLatencyScratch, percentilesOfEntries } from "@/lib/captures/latency-percentiles";
import { FLAG_CLASSES } from "@/lib/flows/flag-class";
import { compressionOfFile, readContent, readHead, TruncatedCompressedError } from "@/lib/ingest/evidence-reader";
import type { CaptureEntry } from "@/lib/ingest/family";
import { detectFormat } from "@/lib/ingest/formats";
import { IssueLog } from "@/lib/ingest/issue-log";
import { uploadLimits } from "@/lib/ingest/limits";
import { noteCaptureIssues, readCaptures } from "@/lib/ingest/read-captures";
import type { DnsCounts, TcpCounts } from "./tshark-truth";

export interface HindsightCount {
  /** The detected format, or null when Hindsight refuses the file (as an upload would, 422). */
  kind: string | null;
  compression: string | null;
  /** What refused or failed the file (unknown format, decompression limit…); null when it was read. */
  failure: string | null;
  /** Records the parser rejected (corrupt headers, a file cut inside a packet…), with their messages. */
  rejects: string[];
  /** The notes the upload would carry (a truncated compressed stream, reassembly given up, DNS not decoded…). */
  notes: string[];
  accounting: PacketAccounting | null;
  dns: DnsCounts;
  /** Latency p50 as the DNS series reports it (histogram bucket midpoint, capped by the max). */
  seriesP50Us: number | null;
  tcp: TcpCounts;
}

const emptyDns = (): DnsCounts => ({ queries: 0, answered: 0, rcodes: {}, maxUs: null, p50Us: null });
const emptyTcp = () => Object.fromEntries(FLAG_CLASSES.map((c) => [c, 0])) as TcpCounts;

export async function countWithHindsight(file: string): Promise<HindsightCount> {
  const compression = await compressionOfFile(file);
  const head = await readHead(file, compression);
  const format = head.length ? detectFormat(head) : null;
  const base = { compression, rejects: [] as string[], notes: [] as string[], accounting: null, dns: emptyDns(), seriesP50Us: null, tcp: emptyTcp() };
  if (!format) return { ...base, kind: null, failure: head.length ? "not a known evidence format" : "the file is empty" };
  if (format.family !== "captures") return { ...base, kind: format.kind, failure: `read as ${format.label}, not as a capture` };

  const transactions: DnsTransaction[] = [];
  const analyzer = new CaptureAnalyzer({ onTransaction: (t) => transactions.push(t) });
  const issues = new IssueLog();
  let failure: string | null = null;
  // As ingest-upload's contentOf: a truncated compressed stream is noted, anything else fails the upload.
  async function* chunks() {
    try {
      yield* readContent(file, compression, () => {}, uploadLimits());
    } catch (error) {
      if (error instanceof TruncatedCompressedError) issues.note({ line: 0, message: error.message });
      else failure = (error as Error).message;
    }
  }
  const progress = { phase: "parsing" as const, bytesTotal: 0, bytesRead: 0, rowsParsed: 0, rowsRejected: 0 };
  await readCaptures(analyzer, [{ format: format as CaptureEntry, chunks: chunks(), issues, progress }]);
  if (failure) return { ...base, kind: format.kind, failure, rejects: issues.first.map((i) => i.message) };
  const analysis = analyzer.finish();
  const [accounting] = noteCaptureIssues([{ issues }], analysis);
  const rejects = issues.first.map((i) => i.message);
  const notes = issues.notes.map((i) => i.message);
  const source = analysis.sources[0];

  const dns = emptyDns();
  const latencies: number[] = [];
  for (const t of transactions) {
    dns.queries++;
    if (t.latencyUs === null) continue;
    dns.answered++;
    const code = String(t.rcode);
    dns.rcodes[code] = (dns.rcodes[code] ?? 0) + 1;
    latencies.push(t.latencyUs);
  }
  latencies.sort((a, b) => a - b);
  dns.maxUs = latencies.length ? latencies[latencies.length - 1]! : null;
  dns.p50Us = latencies.length ? latencies[Math.ceil(latencies.length / 2) - 1]! : null;

  const tcp = emptyTcp();
  const buckets = new Map<number, number>();
  let seriesMax: number | undefined;
  if (source) {
    for (const counts of source.tcpSeconds.values()) for (const c of FLAG_CLASSES) tcp[c] += counts[c];
    for (const { latency } of source.dnsSeconds.values()) {
      for (const [b, n] of latency.buckets) buckets.set(b, (buckets.get(b) ?? 0) + n);
      if (latency.maxUs !== null && (seriesMax === undefined || latency.maxUs > seriesMax)) seriesMax = latency.maxUs;
    }
  }
  const [seriesP50Us] = percentilesOfEntries(buckets, newLatencyScratch(), seriesMax);
  return {
    kind: format.kind, compression, failure: null, rejects, notes,
    accounting: accounting ?? null, dns, seriesP50Us: seriesP50Us ?? null, tcp,
  };
}
