// Turns decoded packets from one or several capture files (fed in time order) into rows ready
// for Postgres COPY: DNS transactions (streamed out as they complete), per-second DNS rollups
// with a sparse latency histogram, and per-second TCP rollups by flag class.
//
// Every row is flat: numbers (integers: epoch seconds, epoch µs, counts, µs), strings and
// nulls only — one column per field, in the order declared, so a COPY writer can emit them
// positionally. Epoch values are UTC; µs and seconds are named in the field.
import type { CapturePacket, CaptureSink } from "@/lib/parsers/capture/packet";
import type { ParseIssue } from "@/lib/parsers/types";
import { DnsTransactionMatcher, type DnsMatcherOptions, type DnsTransaction } from "./dns-transactions";
import { LatencyHistogram } from "./latency-histogram";
import { TcpAnalyzer, type TcpAnalysisOptions, type TcpSecondCounts } from "./tcp-analysis";

/** DNS activity of the transactions whose FIRST query packet fell in `second`. */
export interface DnsSecondRow {
  /** Epoch seconds (UTC) of the bucket. */
  second: number;
  /** Transactions started (first query packets; retries not included). */
  queries: number;
  /** Transactions that got a response, whatever its rcode. queries = answered + unanswered. */
  answered: number;
  unanswered: number;
  /** Answered with rcode 2 / 3 / 5. */
  servfail: number;
  nxdomain: number;
  refused: number;
  /** Repeated query packets of these transactions (query packets sent = queries + retries). */
  retries: number;
  /** Exact maximum latency of the answered ones, µs; null when none was answered. */
  maxLatencyUs: number | null;
}

/** Sparse histogram row: `count` answered transactions of `second` had latency in `bucket`. */
export interface DnsLatencyBucketRow {
  second: number;
  /** latencyBucket() id (lib/captures/latency-histogram.ts). */
  bucket: number;
  count: number;
}

/** TCP packets whose timestamp fell in `second`, by flag class, plus SYN retransmissions. */
export interface TcpSecondRow extends TcpSecondCounts {
  second: number;
}

export interface CaptureSummary {
  packets: number;
  tcpPackets: number;
  udpPackets: number;
  dnsMessages: number;
  /** DNS messages whose question/records could not be fully decoded (DnsMessage.error). */
  dnsMalformed: number;
  /** Packets with `malformed` set (bad IP/TCP/UDP header, DNS not decodable at all…). */
  malformedPackets: number;
  fragments: number;
  truncatedPackets: number;
  transactions: number;
  unmatchedResponses: number;
  /** Epoch µs of the earliest/latest packet; null before any packet. */
  firstTs: number | null;
  lastTs: number | null;
}

export interface CaptureAnalysis {
  dnsSeconds: DnsSecondRow[];
  dnsLatencyBuckets: DnsLatencyBucketRow[];
  tcpSeconds: TcpSecondRow[];
  summary: CaptureSummary;
}

export interface CaptureAnalyzerOptions extends DnsMatcherOptions, TcpAnalysisOptions {
  /** Each transaction as soon as it is complete (answered, expired or at finish()). */
  onTransaction?: (t: DnsTransaction) => void;
}

const SECOND = 1_000_000;

interface DnsSecond {
  row: DnsSecondRow;
  latency: LatencyHistogram;
}

export class CaptureAnalyzer {
  private readonly matcher: DnsTransactionMatcher;
  private readonly tcp: TcpAnalyzer;
  private readonly dnsSeconds = new Map<number, DnsSecond>();
  private readonly summary: CaptureSummary = {
    packets: 0, tcpPackets: 0, udpPackets: 0, dnsMessages: 0, dnsMalformed: 0, malformedPackets: 0,
    fragments: 0, truncatedPackets: 0, transactions: 0, unmatchedResponses: 0, firstTs: null, lastTs: null,
  };

  constructor(options: CaptureAnalyzerOptions = {}) {
    const onTransaction = options.onTransaction;
    this.matcher = new DnsTransactionMatcher((t) => {
      this.count(t);
      onTransaction?.(t);
    }, options);
    this.tcp = new TcpAnalyzer(options);
  }

  /** A sink for parsing source `sourceIndex` (files in time order: 0, 1, …) into this analyzer. */
  sinkFor(sourceIndex: number, onReject: (issue: ParseIssue) => void = () => {}): CaptureSink {
    return { packet: (p) => this.packet(p, sourceIndex), reject: onReject };
  }

  packet(p: CapturePacket, sourceIndex = 0): void {
    const s = this.summary;
    s.packets++;
    if (s.firstTs === null || p.ts < s.firstTs) s.firstTs = p.ts;
    if (s.lastTs === null || p.ts > s.lastTs) s.lastTs = p.ts;
    if (p.malformed !== null) s.malformedPackets++;
    if (p.fragment) s.fragments++;
    if (p.truncated) s.truncatedPackets++;
    if (p.tcp !== null) {
      s.tcpPackets++;
      this.tcp.packet(p);
    } else if (p.protocol === 17) s.udpPackets++;
    if (p.dns !== null) {
      s.dnsMessages += p.dns.length;
      for (const m of p.dns) if (m.error !== null) s.dnsMalformed++;
      this.matcher.packet(p, sourceIndex);
    }
  }

  /** Ends the input: pending queries become unanswered; returns the rollups sorted by second. */
  finish(): CaptureAnalysis {
    this.matcher.finish();
    this.summary.unmatchedResponses = this.matcher.stats.unmatchedResponses;
    const dnsSeconds: DnsSecondRow[] = [];
    const dnsLatencyBuckets: DnsLatencyBucketRow[] = [];
    for (const second of [...this.dnsSeconds.keys()].sort((a, b) => a - b)) {
      const { row, latency } = this.dnsSeconds.get(second)!;
      row.maxLatencyUs = latency.maxUs;
      dnsSeconds.push(row);
      for (const [bucket, count] of [...latency.buckets].sort((a, b) => a[0] - b[0])) {
        dnsLatencyBuckets.push({ second, bucket, count });
      }
    }
    const tcpSeconds = [...this.tcp.seconds]
      .sort((a, b) => a[0] - b[0])
      .map(([second, counts]) => ({ second, ...counts }));
    return { dnsSeconds, dnsLatencyBuckets, tcpSeconds, summary: { ...this.summary } };
  }

  private count(t: DnsTransaction): void {
    this.summary.transactions++;
    const second = Math.floor(t.queryTs / SECOND);
    let s = this.dnsSeconds.get(second);
    if (!s) {
      s = {
        row: { second, queries: 0, answered: 0, unanswered: 0, servfail: 0, nxdomain: 0, refused: 0, retries: 0, maxLatencyUs: null },
        latency: new LatencyHistogram(),
      };
      this.dnsSeconds.set(second, s);
    }
    const row = s.row;
    row.queries++;
    row.retries += t.retries;
    if (t.latencyUs === null) {
      row.unanswered++;
      return;
    }
    row.answered++;
    s.latency.add(t.latencyUs);
    if (t.rcode === 2) row.servfail++;
    else if (t.rcode === 3) row.nxdomain++;
    else if (t.rcode === 5) row.refused++;
  }
}
