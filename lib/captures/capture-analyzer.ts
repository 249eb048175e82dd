// Turns decoded packets from one or several capture files (fed in time order) into what capture
// ingest stores: DNS transactions (streamed out as they complete), per-second DNS rollups with a
// sparse latency histogram, per-second TCP rollups by flag class and per-destination SYN cells.
// Ingest runs exactly this class, so the tshark-truth tests of it test what is stored.
//
// Rotated files form one timeline (one DNS matcher, one TCP analyzer), but everything derived
// belongs to one file: a transaction to the file of its first query, TCP counts and SYN cells to
// the file of the packet. `sources` gives that split; the merged rows are their sum.
//
// Every row is flat: numbers (integers: epoch seconds, epoch µs, counts, µs), strings and
// nulls only — one column per field, in the order declared, so a COPY writer can emit them
// positionally. Epoch values are UTC; µs and seconds are named in the field.
import type { CapturePacket, CaptureSink } from "@/lib/parsers/capture/packet";
import { emptyReassemblyReport, mergeReassemblyReports, type ReassemblyReport } from "@/lib/parsers/capture/reassembly-report";
import { BAD_TIMESTAMP, encapsulationNames, MAX_REASONS, NOT_IP, OTHER_REASONS } from "@/lib/parsers/capture/set-aside";
import type { ParseIssue } from "@/lib/parsers/types";
import { isIpAddress } from "@/lib/flows/ip";
import { DnsTransactionMatcher, type DnsMatcherOptions, type DnsTransaction } from "./dns-transactions";
import { LatencyHistogram } from "./latency-histogram";
import { TcpAnalyzer, type TcpAnalysisOptions, type TcpSecondCounts } from "./tcp-analysis";
import { TcpSynRollup, type TcpSynCell } from "./tcp-syn-rollup";
import { TimeSpan } from "@/lib/time/time-span";

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

/** How the packets of a file were accounted for: decoded + Σ setAside = packets. */
export interface PacketAccounting {
  /** Packets read (every record the parser kept, as `packets`). */
  total: number;
  /** Decoded up to IP: what the DNS and TCP numbers are made of. */
  decoded: number;
  /** Packets not counted anywhere, by reason (set-aside.ts), most frequent first. */
  setAside: Array<{ reason: string; count: number }>;
  /** Layers around the decoded packets' IP headers (VLAN, MPLS, VXLAN…), most frequent first. */
  encapsulations: Array<{ name: string; count: number }>;
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
  /** Transactions whose client or server address is not a valid IP (not counted, not stored). */
  badAddresses: number;
  unmatchedResponses: number;
  /** DNS messages found by content (not by port) never paired with a query/answer (not counted). */
  dnsUnpairedByContent: number;
  /** DNS messages sent to a multicast address (mDNS/LLMNR queries): not paired, not counted as transactions. */
  dnsMulticast: number;
  /** What TCP stream and IP fragment reassembly did and gave up, over every file. */
  reassembly: ReassemblyReport;
  /** Epoch µs of the earliest/latest packet; null before any packet. */
  firstTs: number | null;
  lastTs: number | null;
  /** Packets decoded up to IP; packets − decodedPackets were set aside (see the sources' accounting). */
  decodedPackets: number;
}

/** What one file of the sequence contributed. */
export interface CaptureSource {
  /** Epoch second → DNS counts and the latency histogram of the transactions that started there. */
  dnsSeconds: Map<number, DnsSecond>;
  tcpSeconds: Map<number, TcpSecondCounts>;
  synCells: TcpSynCell[];
  packets: number;
  /** DNS messages whose question/records could not be fully decoded (still counted as packets). */
  dnsMalformed: number;
  /** Packets on a DNS port whose payload held no DNS message at all (shorter than its header, cut by the snaplen…). */
  dnsUndecoded: number;
  /** Epoch µs of the file's earliest/latest packet; null when it had none. */
  firstTs: number | null;
  lastTs: number | null;
  /** Where the bulk of its packets lie (epoch ms): the upload's range. */
  span: TimeSpan;
  decoded: number;
  /** Reason → packets set aside (at most MAX_REASONS keys, then OTHER_REASONS). */
  setAside: Map<string, number>;
  /** ENCAP_* mask → decoded packets with exactly those layers. */
  encapsulations: Map<number, number>;
  /** What reassembly did and gave up in this file (binary formats). */
  reassembly: ReassemblyReport;
}

/** The accounting of one source, for the upload's answer. */
export function packetAccounting(src: CaptureSource): PacketAccounting {
  const byName = new Map<string, number>();
  for (const [mask, count] of src.encapsulations) for (const name of encapsulationNames(mask)) byName.set(name, (byName.get(name) ?? 0) + count);
  return {
    total: src.packets,
    decoded: src.decoded,
    setAside: [...src.setAside].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([reason, count]) => ({ reason, count })),
    encapsulations: [...byName].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name, count]) => ({ name, count })),
  };
}

export interface CaptureAnalysis {
  dnsSeconds: DnsSecondRow[];
  dnsLatencyBuckets: DnsLatencyBucketRow[];
  tcpSeconds: TcpSecondRow[];
  summary: CaptureSummary;
  /** Indexed by source (file) index. */
  sources: CaptureSource[];
}

export interface CaptureAnalyzerOptions extends DnsMatcherOptions, TcpAnalysisOptions {
  /** Each transaction as soon as it is complete (answered, expired or at finish()). */
  onTransaction?: (t: DnsTransaction) => void;
  /** Each packet set aside, with its reason (tests compare them with tshark frame by frame). */
  onSetAside?: (p: CapturePacket, reason: string, sourceIndex: number) => void;
  /**
   * Packets timed outside [minTsUs, maxTsUs] are set aside as BAD_TIMESTAMP. Default: the epoch
   * (1970; devices without a clock start there, and Postgres holds it) to now + 1 day.
   */
  minTsUs?: number;
  maxTsUs?: number;
}

const SECOND = 1_000_000;

export interface DnsSecond {
  row: DnsSecondRow;
  latency: LatencyHistogram;
}

function newSource(): CaptureSource {
  return {
    dnsSeconds: new Map(), tcpSeconds: new Map(), synCells: [], packets: 0, dnsMalformed: 0, dnsUndecoded: 0, firstTs: null, lastTs: null,
    span: new TimeSpan(), decoded: 0, setAside: new Map(), encapsulations: new Map(), reassembly: emptyReassemblyReport(),
  };
}

const DAY_US = 86_400 * SECOND;

export class CaptureAnalyzer {
  private readonly matcher: DnsTransactionMatcher;
  private readonly tcp: TcpAnalyzer;
  private readonly syns = new TcpSynRollup();
  private readonly sources: CaptureSource[] = [];
  /** The source whose packets the TCP analyzer's current counters hold. */
  private tcpSource = -1;
  private readonly summary: CaptureSummary = {
    packets: 0, tcpPackets: 0, udpPackets: 0, dnsMessages: 0, dnsMalformed: 0, malformedPackets: 0,
    fragments: 0, truncatedPackets: 0, transactions: 0, badAddresses: 0, unmatchedResponses: 0, dnsUnpairedByContent: 0, dnsMulticast: 0,
    reassembly: emptyReassemblyReport(), firstTs: null, lastTs: null, decodedPackets: 0,
  };
  private readonly minTs: number;
  private readonly maxTs: number;
  private readonly onSetAside: CaptureAnalyzerOptions["onSetAside"];

  constructor(options: CaptureAnalyzerOptions = {}) {
    const onTransaction = options.onTransaction;
    this.minTs = options.minTsUs ?? 0;
    this.maxTs = options.maxTsUs ?? Date.now() * 1000 + DAY_US;
    this.onSetAside = options.onSetAside;
    this.matcher = new DnsTransactionMatcher((t) => {
      // An address the database cannot hold (a text capture's "hostname") is counted apart.
      if (!isIpAddress(t.client) || !isIpAddress(t.server)) return void this.summary.badAddresses++;
      this.count(t);
      onTransaction?.(t);
    }, options);
    this.tcp = new TcpAnalyzer(options);
  }

  /** A sink for parsing source `sourceIndex` (files in time order: 0, 1, …) into this analyzer. */
  sinkFor(sourceIndex: number, onReject: (issue: ParseIssue) => void = () => {}): CaptureSink {
    return {
      packet: (p) => this.packet(p, sourceIndex),
      reject: onReject,
      reassembly: (r) => {
        const src = this.source(sourceIndex);
        src.reassembly = mergeReassemblyReports(src.reassembly, r);
        this.summary.reassembly = mergeReassemblyReports(this.summary.reassembly, r);
      },
    };
  }

  /** Packets read so far from one source. */
  packetsOf(sourceIndex: number): number {
    return this.sources[sourceIndex]?.packets ?? 0;
  }

  packet(p: CapturePacket, sourceIndex = 0): void {
    const s = this.summary;
    const src = this.source(sourceIndex);
    s.packets++;
    src.packets++;
    // A time nothing can be placed at (garbage, 2^64 µs) is set aside before it reaches a range.
    if (!(p.ts >= this.minTs && p.ts <= this.maxTs)) return this.setAside(p, BAD_TIMESTAMP, src, sourceIndex);
    if (s.firstTs === null || p.ts < s.firstTs) s.firstTs = p.ts;
    if (s.lastTs === null || p.ts > s.lastTs) s.lastTs = p.ts;
    if (src.firstTs === null || p.ts < src.firstTs) src.firstTs = p.ts;
    if (src.lastTs === null || p.ts > src.lastTs) src.lastTs = p.ts;
    src.span.add(p.ts / 1000);
    if (p.malformed !== null) s.malformedPackets++;
    if (p.fragment) s.fragments++;
    if (p.truncated) s.truncatedPackets++;
    const reason = p.setAside ?? (p.ipVersion === null ? NOT_IP : null);
    if (reason !== null) return this.setAside(p, reason, src, sourceIndex);
    s.decodedPackets++;
    src.decoded++;
    if (p.encapsulation !== 0) src.encapsulations.set(p.encapsulation, (src.encapsulations.get(p.encapsulation) ?? 0) + 1);
    if (p.tcp !== null) {
      s.tcpPackets++;
      if (sourceIndex !== this.tcpSource) this.takeTcp(sourceIndex);
      this.syns.packet(p, this.tcp); // feeds the TCP analyzer too
    } else if (p.protocol === 17) s.udpPackets++;
    // Decoded to its ports, yet the DNS payload would not parse: say so, it is not a query.
    if (p.dns === null && p.malformed !== null && p.srcPort !== null) src.dnsUndecoded++;
    if (p.dns !== null) {
      s.dnsMessages += p.dns.length;
      for (const m of p.dns) {
        if (m.error !== null) {
          s.dnsMalformed++;
          src.dnsMalformed++;
        }
      }
      this.matcher.packet(p, sourceIndex);
    }
  }

  /** Ends the input: pending queries become unanswered; returns the rollups sorted by second. */
  finish(): CaptureAnalysis {
    this.matcher.finish();
    this.takeTcp(-1);
    this.summary.unmatchedResponses = this.matcher.stats.unmatchedResponses;
    this.summary.dnsUnpairedByContent = this.matcher.stats.unpairedByContent;
    this.summary.dnsMulticast = this.matcher.stats.multicast;
    const dns = new Map<number, DnsSecond>();
    const tcp = new Map<number, TcpSecondCounts>();
    for (const src of this.sources) {
      if (!src) continue;
      for (const [second, d] of src.dnsSeconds) mergeDnsSecond(dns, second, d);
      for (const [second, c] of src.tcpSeconds) {
        const into = tcp.get(second);
        if (!into) tcp.set(second, { ...c });
        else for (const k of Object.keys(c) as Array<keyof TcpSecondCounts>) into[k] += c[k];
      }
    }
    const dnsSeconds: DnsSecondRow[] = [];
    const dnsLatencyBuckets: DnsLatencyBucketRow[] = [];
    for (const second of [...dns.keys()].sort((a, b) => a - b)) {
      const { row, latency } = dns.get(second)!;
      dnsSeconds.push({ ...row, maxLatencyUs: latency.maxUs });
      for (const [bucket, count] of [...latency.buckets].sort((a, b) => a[0] - b[0])) {
        dnsLatencyBuckets.push({ second, bucket, count });
      }
    }
    const tcpSeconds = [...tcp].sort((a, b) => a[0] - b[0]).map(([second, counts]) => ({ second, ...counts }));
    const sources = Array.from(this.sources, (src) => src ?? newSource());
    for (const src of sources) for (const d of src.dnsSeconds.values()) d.row.maxLatencyUs = d.latency.maxUs;
    return { dnsSeconds, dnsLatencyBuckets, tcpSeconds, summary: { ...this.summary }, sources };
  }

  private setAside(p: CapturePacket, reason: string, src: CaptureSource, sourceIndex: number): void {
    const key = src.setAside.has(reason) || src.setAside.size < MAX_REASONS ? reason : OTHER_REASONS;
    src.setAside.set(key, (src.setAside.get(key) ?? 0) + 1);
    this.onSetAside?.(p, reason, sourceIndex);
  }

  private source(index: number): CaptureSource {
    return (this.sources[index] ??= newSource());
  }

  /** Hands the TCP counters and SYN cells gathered so far to the source they came from. */
  private takeTcp(next: number): void {
    if (this.tcpSource >= 0) {
      const src = this.source(this.tcpSource);
      for (const [second, c] of this.tcp.takeSeconds()) {
        const into = src.tcpSeconds.get(second);
        if (!into) src.tcpSeconds.set(second, c);
        else for (const k of Object.keys(c) as Array<keyof TcpSecondCounts>) into[k] += c[k];
      }
      for (const cell of this.syns.take()) src.synCells.push(cell);
    }
    this.tcpSource = next;
  }

  private count(t: DnsTransaction): void {
    this.summary.transactions++;
    const seconds = this.source(t.sourceIndex).dnsSeconds;
    const second = Math.floor(t.queryTs / SECOND);
    let s = seconds.get(second);
    if (!s) {
      s = {
        row: { second, queries: 0, answered: 0, unanswered: 0, servfail: 0, nxdomain: 0, refused: 0, retries: 0, maxLatencyUs: null },
        latency: new LatencyHistogram(),
      };
      seconds.set(second, s);
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

function mergeDnsSecond(into: Map<number, DnsSecond>, second: number, d: DnsSecond): void {
  let m = into.get(second);
  if (!m) into.set(second, (m = { row: { ...d.row }, latency: new LatencyHistogram() }));
  else {
    const r = m.row;
    r.queries += d.row.queries;
    r.answered += d.row.answered;
    r.unanswered += d.row.unanswered;
    r.servfail += d.row.servfail;
    r.nxdomain += d.row.nxdomain;
    r.refused += d.row.refused;
    r.retries += d.row.retries;
  }
  m.latency.merge(d.latency);
}
