import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CapturePacket } from "@/lib/parsers/capture/packet";
import { createPcapParser } from "@/lib/parsers/capture/pcap";
import { encodeDns, encodeFrame } from "@/lib/samples/capture-frames";
import { CaptureAnalyzer } from "./capture-analyzer";
import type { DnsTransaction } from "./dns-transactions";

const FIXTURES = path.join(__dirname, "..", "parsers", "capture", "fixtures");

function packetsOf(file: string): CapturePacket[] {
  const packets: CapturePacket[] = [];
  const parser = createPcapParser({ packet: (p) => packets.push(p), reject: () => {} });
  parser.write(readFileSync(path.join(FIXTURES, file)));
  parser.end();
  return packets;
}

function analyze(packets: CapturePacket[]) {
  const transactions: DnsTransaction[] = [];
  const analyzer = new CaptureAnalyzer({ onTransaction: (t) => transactions.push(t), maxTsUs: Number.MAX_SAFE_INTEGER });
  for (const p of packets) analyzer.packet(p);
  return { transactions, summary: analyzer.finish().summary };
}

describe("DNS latency with reassembly (Wireshark's dns.time, reassembly on)", () => {
  it("dns-reassembly.pcap: every latency equals tshark's dns.time (its .dns.tsv)", () => {
    const { transactions } = analyze(packetsOf("dns-reassembly.pcap"));
    const truth = new Map<number, number>();
    for (const line of readFileSync(path.join(FIXTURES, "dns-reassembly.pcap.dns.tsv"), "utf8").trim().split("\n")) {
      const [, ids, responses, times] = line.split("\t");
      if (!times) continue;
      ids!.split(",").forEach((id, i) => responses!.split(",")[i] === "1" && truth.set(Number(id), Math.round(Number(times.split(",")[i]) * 1e6)));
    }
    expect(truth.size).toBe(9);
    expect(new Map(transactions.map((t) => [t.dnsId, t.latencyUs]))).toEqual(truth);
    // The fragmented IPv4 answer is timed at its last fragment, the split TCP answer at its tail.
    expect(transactions.find((t) => t.dnsId === 0x6001)).toMatchObject({ transport: "udp", serverPort: 53 });
    expect(transactions.find((t) => t.dnsId === 0x8002)).toMatchObject({ transport: "tcp", serverPort: 8053, byContent: true });
  });

  it("tcpdump's captures: dns_tcp.pcap 125.857 ms, dns_tcp_8053.pcap 144.155 ms, dns_udp_8053.pcap 148.718 ms (tshark -2 dns.time)", () => {
    const latency = (file: string) => analyze(packetsOf(`corpus/${file}`)).transactions.map((t) => [t.dnsId, t.transport, t.serverPort, t.latencyUs]);
    expect(latency("dns_tcp.pcap")).toEqual([[0x4319, "tcp", 53, 125_857]]);
    expect(latency("dns_tcp_8053.pcap")).toEqual([[0xdb72, "tcp", 8053, 144_155]]);
    expect(latency("dns_udp_8053.pcap")).toEqual([[0x0143, "udp", 8053, 148_718]]);
  });

  it("DNS found by content counts only once a query and its answer pair up; the rest is counted apart", () => {
    const [query, answer] = packetsOf("corpus/dns_udp_8053.pcap");
    const lone = analyze([query!]);
    expect(lone.transactions).toEqual([]);
    expect(lone.summary).toMatchObject({ transactions: 0, dnsUnpairedByContent: 1, unmatchedResponses: 0 });
    const orphan = analyze([answer!]);
    expect(orphan.summary).toMatchObject({ transactions: 0, dnsUnpairedByContent: 1, unmatchedResponses: 0 });
    // After a pair, the same resolver's unanswered query counts as unanswered.
    const again = { ...query!, ts: query!.ts + 10_000_000, dns: query!.dns!.map((m) => ({ ...m, id: 0x999 })) };
    const paired = analyze([query!, answer!, again]);
    expect(paired.transactions.map((t) => [t.dnsId, t.latencyUs])).toEqual([[0x143, 148_718], [0x999, null]]);
    expect(paired.summary.dnsUnpairedByContent).toBe(0);
  });

  it("mDNS queries to the multicast group are counted apart, not as unanswered", () => {
    const frame = encodeFrame({ src: "10.0.0.5", dst: "224.0.0.251", srcPort: 5353, dstPort: 5353, payload: encodeDns({ id: 0, qname: "printer.local", qtype: 12 }) }, "raw");
    const packets: CapturePacket[] = [];
    const parser = createPcapParser({ packet: (p) => packets.push(p), reject: () => {} });
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0); header.writeUInt16LE(2, 4); header.writeUInt16LE(4, 6); header.writeUInt32LE(65535, 16); header.writeUInt32LE(101, 20);
    const record = Buffer.alloc(16);
    record.writeUInt32LE(1_718_000_000, 0); record.writeUInt32LE(frame.length, 8); record.writeUInt32LE(frame.length, 12);
    parser.write(Buffer.concat([header, record, frame]));
    parser.end();
    expect(packets[0]!.dns?.[0]?.qname).toBe("printer.local");
    const { transactions, summary } = analyze(packets);
    expect(transactions).toEqual([]);
    expect(summary).toMatchObject({ dnsMulticast: 1, transactions: 0 });
  });
});
