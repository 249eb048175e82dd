// Generated captures with known truth (lib/samples/dns-capture-scenario.ts) → file writer →
// parser → analyzer: every per-second count and max must equal the truth, percentiles within 2%.
import { describe, expect, it } from "vitest";
import { collectCapture } from "@/lib/parsers/capture/collect-capture";
import { createPcapParser } from "@/lib/parsers/capture/pcap";
import { createPcapngParser } from "@/lib/parsers/capture/pcapng";
import type { ParseIssue } from "@/lib/parsers/types";
import { generateDnsCapture, type DnsCaptureOptions, type DnsCaptureTruth } from "@/lib/samples/dns-capture-scenario";
import { encodeDns } from "@/lib/samples/capture-frames";
import { createCaptureFileWriter, type CaptureFileFormat } from "@/lib/samples/pcap-writer";
import { CaptureAnalyzer, type CaptureAnalysis } from "./capture-analyzer";
import type { DnsTransaction } from "./dns-transactions";
import { percentileFromBuckets } from "./latency-histogram";

const S = 1_000_000;
const START = 1_718_000_000 * S;

const SCENARIO: DnsCaptureOptions = {
  seed: 7, startUs: START, seconds: 8, qps: 150, clients: 20, servers: ["10.0.0.2", "10.0.0.3"],
  ipv6Rate: 0.3, ipv6ExtensionHeaders: [0, 60], tcpRate: 0.1, unansweredRate: 0.05, servfailRate: 0.05, nxdomainRate: 0.1,
  retransmitAfterMs: 400, maxRetries: 3, latencyDistribution: { kind: "lognormal", medianMs: 30, sigma: 1 },
  synStorm: { startSecond: 2, seconds: 2, synsPerSecond: 200, target: "10.9.9.9", port: 443, retransmits: 3 },
  tcpConnectionsPerSecond: 20,
};

interface Run {
  truth: DnsCaptureTruth;
  analysis: CaptureAnalysis;
  transactions: DnsTransaction[];
  issues: ParseIssue[];
  files: number;
}

/** Writes the scenario into one file, or a new file every `rotateUs` (like tcpdump -G), then analyzes them in order. */
function run(options: DnsCaptureOptions, format: CaptureFileFormat, { chunkSize = 4093, rotateUs = Infinity } = {}): Run {
  const files: Uint8Array[][] = [];
  let writer: ReturnType<typeof createCaptureFileWriter> | null = null;
  let fileEnd = -Infinity;
  const truth = generateDnsCapture(options, (p) => {
    if (p.tsUs >= fileEnd) {
      writer?.end();
      const chunks: Uint8Array[] = [];
      files.push(chunks);
      writer = createCaptureFileWriter(format, (c) => chunks.push(c));
      fileEnd = rotateUs === Infinity ? Infinity : (Math.floor((p.tsUs - START) / rotateUs) + 1) * rotateUs + START;
    }
    writer!.write(p);
  });
  writer!.end();
  const transactions: DnsTransaction[] = [];
  const issues: ParseIssue[] = [];
  const analyzer = new CaptureAnalyzer({ onTransaction: (t) => transactions.push(t) });
  files.forEach((chunks, index) => {
    const bytes = Buffer.concat(chunks);
    const parser = (format.type === "pcap" ? createPcapParser : createPcapngParser)(analyzer.sinkFor(index, (i) => issues.push(i)));
    for (let off = 0; off < bytes.length; off += chunkSize) parser.write(bytes.subarray(off, off + chunkSize));
    parser.end();
  });
  return { truth, analysis: analyzer.finish(), transactions, issues, files: files.length };
}

function nearestRank(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

function expectTruth({ truth, analysis, transactions, issues }: Run): void {
  expect(issues).toEqual([]);
  expect(analysis.summary.packets).toBe(truth.packets);
  expect(analysis.summary.malformedPackets).toBe(0);

  const dnsTruth = [...truth.dnsSeconds].sort((a, b) => a[0] - b[0]);
  expect(analysis.dnsSeconds).toEqual(
    dnsTruth.map(([second, t]) => ({
      second: second, queries: t.queries, answered: t.answered, unanswered: t.unanswered, servfail: t.servfail,
      nxdomain: t.nxdomain, refused: 0, retries: t.retries, maxLatencyUs: t.maxLatencyUs,
    })),
  );
  const all: number[] = [];
  const summed = new Map<number, number>();
  for (const [second, t] of dnsTruth) {
    all.push(...t.latencies);
    const buckets = analysis.dnsLatencyBuckets.filter((b) => b.second === second).map((b) => [b.bucket, b.count] as const);
    for (const [b, c] of buckets) summed.set(b, (summed.get(b) ?? 0) + c);
    if (t.latencies.length === 0) continue;
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = nearestRank(t.latencies, q);
      expect(Math.abs(percentileFromBuckets(buckets, q, t.maxLatencyUs!)! - exact)).toBeLessThanOrEqual(0.02 * exact);
    }
  }
  for (const q of [0.5, 0.9, 0.99]) {
    const exact = nearestRank(all, q);
    expect(Math.abs(percentileFromBuckets(summed, q)! - exact)).toBeLessThanOrEqual(0.02 * exact);
  }

  expect(analysis.tcpSeconds).toEqual([...truth.tcpSeconds].sort((a, b) => a[0] - b[0]).map(([second, c]) => ({ second, ...c })));

  const key = (t: { client: string; clientPort: number; dnsId: number }) => `${t.client}|${t.clientPort}|${t.dnsId}`;
  const ours = new Map(transactions.map((t) => [key(t), t]));
  expect(ours.size).toBe(truth.transactions.length);
  for (const t of truth.transactions) {
    expect(ours.get(key(t))).toMatchObject({
      queryTs: t.queryUs, answerTs: t.answerUs, latencyUs: t.latencyUs, rcode: t.rcode, retries: t.retries,
      server: t.server, transport: t.transport, qname: t.qname,
    });
  }
}

describe("capture analysis of generated captures with known truth", () => {
  it.each<[string, CaptureFileFormat]>([
    ["pcap LE µs Ethernet", { type: "pcap", link: "ethernet" }],
    ["pcap BE µs 802.1Q", { type: "pcap", link: "vlan", bigEndian: true }],
    ["pcap LE ns QinQ", { type: "pcap", link: "qinq", nanos: true }],
    ["pcap BE ns Linux SLL", { type: "pcap", link: "sll", nanos: true, bigEndian: true }],
    ["pcap LE µs Linux SLL2", { type: "pcap", link: "sll2" }],
    ["pcap LE µs NULL", { type: "pcap", link: "null" }],
    ["pcap BE µs LOOP", { type: "pcap", link: "loop", bigEndian: true }],
    ["pcap LE ns RAW", { type: "pcap", link: "raw", nanos: true }],
    ["pcapng LE, Ethernet ns + SLL2 2^-20 with offset", { type: "pcapng", interfaces: [{ link: "ethernet", tsresol: 9 }, { link: "sll2", tsresol: 0x80 | 20, tsoffset: 1_600_000_000 }] }],
    ["pcapng BE, RAW µs + 802.1Q 2^-30", { type: "pcapng", bigEndian: true, interfaces: [{ link: "raw", tsresol: 6 }, { link: "vlan", tsresol: 0x80 | 30 }] }],
  ])("%s: per-second counts, max, percentiles and transactions equal the truth", (_, format) => {
    expectTruth(run(SCENARIO, format));
  });

  it("matches rotated files (tcpdump -G 2) as one timeline: answers in the next file", () => {
    const r = run({ ...SCENARIO, seed: 11, latencyDistribution: { kind: "uniform", minMs: 5, maxMs: 900 } }, { type: "pcap", link: "ethernet" }, { rotateUs: 2 * S });
    expect(r.files).toBeGreaterThanOrEqual(4);
    expectTruth(r);
    const fileOf = (ts: number) => Math.floor((ts - START) / (2 * S));
    const crossing = r.transactions.filter((t) => t.answerTs !== null && fileOf(t.answerTs) > fileOf(t.queryTs));
    expect(crossing.length).toBeGreaterThan(10);
    for (const t of r.transactions) expect(t.sourceIndex).toBe(fileOf(t.queryTs));
  });

  it("streams byte by byte", () => {
    const small: DnsCaptureOptions = { ...SCENARIO, seconds: 2, qps: 20, synStorm: undefined, tcpConnectionsPerSecond: 3 };
    const format: CaptureFileFormat = { type: "pcapng", interfaces: [{ link: "ethernet" }, { link: "sll", tsresol: 9 }] };
    const byteByByte = run(small, format, { chunkSize: 1 });
    expectTruth(byteByByte);
    expect(byteByByte.analysis).toEqual(run(small, format).analysis);
  });

  it("reports a response whose name loops (dnsMalformed) and still pairs it by id, like Wireshark", () => {
    const chunks: Uint8Array[] = [];
    const w = createCaptureFileWriter({ type: "pcap", link: "ethernet" }, (c) => chunks.push(c));
    const loop = Buffer.from("0001818000010000000000 00c00c00010001".replace(/ /g, ""), "hex");
    w.write({ tsUs: START, packet: { src: "10.0.0.5", dst: "10.0.0.2", srcPort: 40000, dstPort: 53, payload: encodeDns({ id: 1, qname: "a.example", qtype: 1 }) } });
    w.write({ tsUs: START + 700, packet: { src: "10.0.0.2", dst: "10.0.0.5", srcPort: 53, dstPort: 40000, payload: loop } });
    w.end();
    const { packets } = collectCapture(createPcapParser, Buffer.concat(chunks));
    expect(packets[1]).toMatchObject({ malformed: null, dns: [{ id: 1, response: true, qname: null, error: expect.stringMatching(/loop/) }] });
    const transactions: DnsTransaction[] = [];
    const analyzer = new CaptureAnalyzer({ onTransaction: (t) => transactions.push(t) });
    for (const p of packets) analyzer.packet(p);
    expect(analyzer.finish().summary).toMatchObject({ dnsMessages: 2, dnsMalformed: 1, transactions: 1 });
    expect(transactions[0]).toMatchObject({ qname: "a.example", latencyUs: 700, rcode: 0 });
  });
});
