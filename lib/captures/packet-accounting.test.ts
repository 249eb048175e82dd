// Every packet is accounted for: decoded (up to IP) or set aside with a reason, and a packet set
// aside never reaches the DNS/TCP numbers or the time range.
import { describe, expect, it } from "vitest";
import { collectCapture } from "@/lib/parsers/capture/collect-capture";
import type { CapturePacket } from "@/lib/parsers/capture/packet";
import { createPcapParser } from "@/lib/parsers/capture/pcap";
import { createPcapngParser } from "@/lib/parsers/capture/pcapng";
import { BAD_TIMESTAMP } from "@/lib/parsers/capture/set-aside";
import { encodeDns, encodeFrame, type SyntheticPacket } from "@/lib/samples/capture-frames";
import { PcapngWriter, PcapWriter } from "@/lib/samples/pcap-writer";
import { CaptureAnalyzer, packetAccounting } from "./capture-analyzer";

const T0 = 1_718_000_000_000_000;
const query: SyntheticPacket = { src: "10.0.0.5", dst: "10.0.0.2", srcPort: 40000, dstPort: 53, payload: encodeDns({ id: 1, qname: "a.example", qtype: 1 }) };
const answer: SyntheticPacket = { src: "10.0.0.2", dst: "10.0.0.5", srcPort: 53, dstPort: 40000, payload: encodeDns({ id: 1, qname: "a.example", qtype: 1, response: true }) };
const rst: SyntheticPacket = { src: "10.0.0.5", dst: "10.0.0.9", srcPort: 40001, dstPort: 443, tcp: { flags: 0x04, seq: 1 } };

function analyze(packets: CapturePacket[]) {
  const aside: Array<[number, string]> = [];
  const analyzer = new CaptureAnalyzer({ onSetAside: (p, reason) => aside.push([p.frame, reason]) });
  for (const p of packets) analyzer.packet(p);
  const analysis = analyzer.finish();
  return { analysis, aside, accounting: packetAccounting(analysis.sources[0]!) };
}

/** Sets ts_high of every EPB on `interfaceId` to 0xffffffff: ~2^64 µs, year ≈ 586 000. */
function corruptTimestamps(file: Buffer, interfaceId: number): Buffer {
  for (let off = 0; off + 12 <= file.length; off += file.readUInt32LE(off + 4)) {
    if (file.readUInt32LE(off) === 6 && file.readUInt32LE(off + 8) === interfaceId) file.writeUInt32LE(0xffffffff, off + 12);
  }
  return file;
}

describe("packet accounting", () => {
  it("sets aside packets with timestamps near 2^64 µs and keeps the rest of the file", () => {
    const chunks: Uint8Array[] = [];
    const w = new PcapngWriter((c) => chunks.push(c), { interfaces: [{ linkType: 1 }, { linkType: 1 }] });
    w.writePacket(0, T0, encodeFrame(query, "ethernet"));
    w.writePacket(1, T0 + 500, encodeFrame(rst, "ethernet"));
    w.writePacket(1, T0 + 600, encodeFrame(query, "ethernet"));
    w.writePacket(0, T0 + 1000, encodeFrame(answer, "ethernet"));
    w.end();
    const { packets, issues } = collectCapture(createPcapngParser, corruptTimestamps(Buffer.concat(chunks), 1));
    expect(issues).toEqual([]);
    expect(packets).toHaveLength(4);
    const { analysis, aside, accounting } = analyze(packets);
    expect(aside).toEqual([[2, BAD_TIMESTAMP], [3, BAD_TIMESTAMP]]);
    expect(accounting).toEqual({ total: 4, decoded: 2, setAside: [{ reason: BAD_TIMESTAMP, count: 2 }], encapsulations: [] });
    expect(analysis.summary).toMatchObject({ packets: 4, decodedPackets: 2, firstTs: T0, lastTs: T0 + 1000, transactions: 1 });
    expect(analysis.tcpSeconds).toEqual([]);
    expect(analysis.dnsSeconds).toEqual([expect.objectContaining({ queries: 1, answered: 1, retries: 0, maxLatencyUs: 1000 })]);
  });

  it("sets aside frames of an unsupported link type, non-IP frames and malformed headers, by reason", () => {
    const chunks: Uint8Array[] = [];
    const pcap = (linkType: number, frames: Uint8Array[]) => {
      chunks.length = 0;
      const w = new PcapWriter((c) => chunks.push(c), { linkType });
      frames.forEach((f, i) => w.writePacket(T0 + i, f));
      w.end();
      return Buffer.concat(chunks);
    };
    const arp = Buffer.concat([Uint8Array.of(...Array(12).fill(0xff), 0x08, 0x06), Buffer.alloc(46)]);
    const badIp = Buffer.concat([Uint8Array.of(...Array(12).fill(0xff), 0x08, 0x00, 0x45), Buffer.alloc(10)]);
    const ether = collectCapture(createPcapParser, pcap(1, [encodeFrame(query, "ethernet"), arp, arp, badIp, encodeFrame(rst, "vlan")])).packets;
    expect(analyze(ether).accounting).toEqual({
      total: 5,
      decoded: 2,
      setAside: [{ reason: "not IP: EtherType 0x0806 (ARP)", count: 2 }, { reason: "malformed: IPv4 header cut short", count: 1 }],
      encapsulations: [{ name: "802.1Q/802.1ad VLAN", count: 1 }],
    });
    const user0 = collectCapture(createPcapParser, pcap(147, [arp, arp])).packets;
    expect(analyze(user0).accounting).toMatchObject({ total: 2, decoded: 0, setAside: [{ reason: "unsupported link type 147 (USER0)", count: 2 }] });
  });
});
