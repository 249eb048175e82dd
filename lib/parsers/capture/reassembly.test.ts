import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeDns, encodeFrame, encodeIpPacket, LINK_TYPE_OF, withLengthPrefix, type SyntheticPacket } from "@/lib/samples/capture-frames";
import { PcapWriter } from "@/lib/samples/pcap-writer";
import type { CapturePacket, CaptureParserOptions } from "./packet";
import { createPcapParser } from "./pcap";
import type { ReassemblyReport } from "./reassembly-report";

const FIXTURES = path.join(__dirname, "fixtures");
const T0 = 1_718_000_000_000_000;

function parse(file: Uint8Array, options?: CaptureParserOptions): { packets: CapturePacket[]; report: ReassemblyReport; rejects: number } {
  const packets: CapturePacket[] = [];
  let report: ReassemblyReport | null = null;
  let rejects = 0;
  const parser = createPcapParser({ packet: (p) => packets.push(p), reject: () => rejects++, reassembly: (r) => (report = r) }, options);
  parser.write(file);
  parser.end();
  return { packets, report: report!, rejects };
}

function pcapOf(linkType: number, frames: Array<[number, Uint8Array]>, snaplen?: number): Buffer {
  const chunks: Uint8Array[] = [];
  const w = new PcapWriter((c) => chunks.push(c), { linkType, snaplen });
  for (const [ts, frame] of frames) w.writePacket(ts, snaplen ? frame.subarray(0, snaplen) : frame, { wireLength: frame.length });
  w.end();
  return Buffer.concat(chunks);
}

/** Frames → "frame: id/response …" for the packets that carry DNS. */
const dnsByFrame = (packets: CapturePacket[]) =>
  packets.filter((p) => p.dns).map((p) => `${p.frame}: ${p.dns!.map((m) => `${m.id.toString(16)}/${m.response ? 1 : 0}`).join(" ")}`);

describe("DNS over TCP reassembly and IP fragments in real captures", () => {
  it("dns-reassembly.pcap: every DNS message at the frame tshark -2 shows it (its .dns.tsv)", () => {
    const { packets, report } = parse(readFileSync(path.join(FIXTURES, "dns-reassembly.pcap")));
    // tshark -2 -n -d tcp.port==8053,dns -d udp.port==8053,dns -T fields -e frame.number -e dns.id -e dns.flags.response
    const truth = readFileSync(path.join(FIXTURES, "dns-reassembly.pcap.dns.tsv"), "utf8").trim().split("\n").map((line) => {
      const [frame, ids, responses] = line.split("\t");
      const r = responses!.split(",");
      return `${frame}: ${ids!.split(",").map((id, i) => `${Number(id).toString(16)}/${r[i]}`).join(" ")}`;
    });
    expect(dnsByFrame(packets)).toEqual(truth);
    // From that truth: the 3,245-byte query sent in 3 segments is one query at the third (frame 8).
    expect(truth[0]).toBe("8: 3245/0");
    expect(packets.slice(3, 8).filter((p) => p.tcp?.payloadLength).map((p) => p.tcp!.payloadLength)).toEqual([1228, 1228, 791]);
    // The big query, and the answers 0x5001 and 0x8002 sent as a lone length prefix, then the rest.
    expect(report.tcpMessages).toBe(3);
    // The IPv4 and IPv6 fragmented answers.
    expect(report.ipDatagrams).toBe(2);
    expect(report.tcpGivenUp).toEqual([]);
    expect(report.ipGivenUp).toEqual([]);
    // Random bytes over UDP 9999 and TCP 7000 are not DNS.
    expect(packets.filter((p) => (p.srcPort === 9999 || p.dstPort === 9999 || p.srcPort === 7000 || p.dstPort === 7000) && p.dns)).toEqual([]);
  });

  it("a fragmented answer is decoded at its last fragment; the others are IP packets without ports", () => {
    const { packets } = parse(readFileSync(path.join(FIXTURES, "dns-reassembly.pcap")));
    // tshark: frames 28, 29 "Fragmented IP protocol (proto=UDP 17)", the answer 0x6001 at frame 30;
    // IPv6 frames 34, 35 fragments and 0x6003 at 36.
    const at = (frame: number) => packets[frame - 1]!;
    expect([28, 29, 30, 34, 35, 36].map((f) => [at(f).fragment, at(f).ipVersion, at(f).srcPort, at(f).dns?.[0]?.id ?? null])).toEqual([
      [true, 4, null, null], [true, 4, null, null], [true, 4, 53, 0x6001], [true, 6, null, null], [true, 6, null, null], [true, 6, 53, 0x6003],
    ]);
    expect(at(30).dns![0]!).toMatchObject({ answerCount: 185, error: null, qname: "big-1.test" });
    expect(at(36).protocol).toBe(17);
  });

  it("tcpdump's dns_tcp.pcap (port 53) and dns_tcp_8053.pcap / dns_udp_8053.pcap (found by content)", () => {
    const corpus = (f: string) => parse(readFileSync(path.join(FIXTURES, "corpus", f)));
    // tshark -2: dns_tcp.pcap query 0x4319 at frame 4, response at 6.
    expect(dnsByFrame(corpus("dns_tcp.pcap").packets)).toEqual(["4: 4319/0", "6: 4319/1"]);
    // tshark -2 -d tcp.port==8053,dns: query 0xdb72 at frame 4, response at 6.
    const tcp8053 = corpus("dns_tcp_8053.pcap").packets;
    expect(dnsByFrame(tcp8053)).toEqual(["4: db72/0", "6: db72/1"]);
    expect(tcp8053.flatMap((p) => p.dns ?? []).every((m) => m.byContent)).toBe(true);
    // tshark -2 (its UDP heuristics): query 0x0143 at frame 1, response at 2.
    expect(dnsByFrame(corpus("dns_udp_8053.pcap").packets)).toEqual(["1: 143/0", "2: 143/1"]);
    // Without content detection, port 8053 carries no DNS, unless it is a DNS port.
    expect(dnsByFrame(parse(readFileSync(path.join(FIXTURES, "corpus", "dns_tcp_8053.pcap")), { dnsByContent: false }).packets)).toEqual([]);
    const configured = parse(readFileSync(path.join(FIXTURES, "corpus", "dns_tcp_8053.pcap")), { dnsPorts: [53, 8053], dnsByContent: false }).packets;
    expect(dnsByFrame(configured)).toEqual(["4: db72/0", "6: db72/1"]);
    expect(configured.flatMap((p) => p.dns ?? []).some((m) => m.byContent)).toBe(false);
  });
});

const client = { src: "10.0.0.5", dst: "10.0.0.2", srcPort: 40000, dstPort: 53 };
const tcpSegment = (seq: number, payload: Uint8Array, flags = 0x18, srcPort = 40000): SyntheticPacket => ({ ...client, srcPort, tcp: { flags, seq, ack: 1 }, payload });
const frames = (...packets: SyntheticPacket[]) => pcapOf(1, packets.map((p, i) => [T0 + i * 1000, encodeFrame(p, "ethernet")]));
const stream = withLengthPrefix(
  encodeDns({ id: 1, qname: "one.example", qtype: 1 }),
  encodeDns({ id: 2, qname: "two.example", qtype: 28 }),
  encodeDns({ id: 3, qname: "three.example", qtype: 1 }),
);

describe("TCP stream reassembly (crafted segments)", () => {
  it("decodes messages split anywhere, prefix included, at the segment that completes them", () => {
    for (const cut of [1, 2, 3, 20, 31, 32, 33]) {
      const { packets, report } = parse(frames(tcpSegment(100, stream.subarray(0, cut)), tcpSegment(100 + cut, stream.subarray(cut))));
      const firstLength = 2 + ((stream[0]! << 8) | stream[1]!);
      expect(dnsByFrame(packets), `cut at ${cut}`).toEqual(cut >= firstLength ? ["1: 1/0", "2: 2/0 3/0"] : ["2: 1/0 2/0 3/0"]);
      expect(report.tcpGivenUp).toEqual([]);
    }
  });

  it("reads out-of-order segments once the gap fills, and skips retransmissions and overlaps", () => {
    const a = stream.subarray(0, 10);
    const b = stream.subarray(10, 40);
    const c = stream.subarray(40);
    // a, c (early: held), b (fills the gap), then b again and an overlap of b's tail with c.
    const { packets, report } = parse(frames(
      tcpSegment(1000, a), tcpSegment(1040, c), tcpSegment(1010, b), tcpSegment(1010, b), tcpSegment(1030, stream.subarray(30)),
    ));
    expect(dnsByFrame(packets)).toEqual(["3: 1/0 2/0 3/0"]);
    expect(report).toMatchObject({ tcpOutOfOrder: 1, tcpRetransmissions: 2, tcpMessages: 2, tcpGivenUp: [] });
  });

  it("trims a segment that overlaps bytes already read and decodes the rest", () => {
    const { packets } = parse(frames(tcpSegment(5, stream.subarray(0, 20)), tcpSegment(15, stream.subarray(10))));
    expect(dnsByFrame(packets)).toEqual(["2: 1/0 2/0 3/0"]);
  });

  it("counts what it gives up: a lost segment, a close mid-message, the end of the capture", () => {
    const message = (i: number) => withLengthPrefix(encodeDns({ id: 100 + i, qname: "x.example", qtype: 1 }));
    const size = message(0).length;
    const lost = parse(frames(tcpSegment(1, stream.subarray(0, 10)), ...Array.from({ length: 34 }, (_, i) => tcpSegment(1000 + i * size, message(i)))));
    // 33 early segments are held (cap 32): the gap is given up, reading resumes at the first of
    // them, which looks like a message start.
    expect(lost.report.tcpGivenUp).toEqual([{ reason: "a TCP segment was not captured (gap in the stream)", count: 1 }]);
    expect(lost.packets.flatMap((p) => p.dns ?? []).map((m) => m.id)).toEqual(Array.from({ length: 34 }, (_, i) => 100 + i));

    const closed = parse(frames(tcpSegment(1, stream.subarray(0, 10)), tcpSegment(11, new Uint8Array(0), 0x11)));
    expect(closed.report.tcpGivenUp).toEqual([{ reason: "connection closed mid-message", count: 1 }]);
    const ended = parse(frames(tcpSegment(1, stream.subarray(0, 10))));
    expect(ended.report.tcpGivenUp).toEqual([{ reason: "capture ended mid-message", count: 1 }]);
  });

  it("evicts the least recently used stream beyond the cap, and counts it", () => {
    const half = stream.subarray(0, 10);
    const { packets, report } = parse(
      frames(tcpSegment(1, half, 0x18, 40001), tcpSegment(1, half, 0x18, 40002), tcpSegment(11, stream.subarray(10), 0x18, 40002), tcpSegment(11, stream.subarray(10), 0x18, 40001)),
      { tcpStreams: { maxStreams: 1 } },
    );
    void packets;
    expect(report.tcpGivenUp.find((r) => r.reason.startsWith("too many open"))?.count).toBeGreaterThanOrEqual(1);
  });

  it("gives up a message cut by the snaplen and finds the next boundary from its length", () => {
    const first = withLengthPrefix(encodeDns({ id: 9, qname: "cut.example", qtype: 1 }));
    const whole = Buffer.concat([first, stream]);
    // Segment 1 holds the first message and 5 bytes of the next, but only 3 of those were captured
    // (14 + 20 + 20 bytes of headers, then the payload).
    const file = pcapOf(1, [
      [T0, encodeFrame(tcpSegment(1, whole.subarray(0, first.length + 5)), "ethernet").subarray(0, 54 + first.length + 3)],
      [T0 + 1000, encodeFrame(tcpSegment(1 + first.length + 5, whole.subarray(first.length + 5)), "ethernet")],
    ]);
    const { packets, report } = parse(file);
    expect(dnsByFrame(packets)).toEqual(["1: 9/0", "2: 2/0 3/0"]);
    expect(report.tcpGivenUp).toEqual([{ reason: "message cut by the snaplen", count: 1 }]);
  });
});

/** Splits an IPv4 packet into fragments of the given data sizes (multiples of 8 but the last). */
function fragmentIpv4(ip: Uint8Array, sizes: number[], id = 0x4242): Uint8Array[] {
  const header = ip.subarray(0, 20);
  const data = ip.subarray(20);
  const out: Uint8Array[] = [];
  let offset = 0;
  for (const [i, size] of sizes.entries()) {
    const more = i < sizes.length - 1;
    const f = Buffer.concat([header, data.subarray(offset, offset + size)]);
    f.writeUInt16BE(20 + size, 2);
    f.writeUInt16BE(id, 4);
    f.writeUInt16BE((more ? 0x2000 : 0) | (offset / 8), 6);
    out.push(f);
    offset += size;
  }
  return out;
}

const bigAnswer: SyntheticPacket = {
  src: "10.0.0.2", dst: "10.0.0.5", srcPort: 53, dstPort: 40000,
  payload: encodeDns({ id: 0x77, qname: "big.example", qtype: 1, response: true, answers: Array.from({ length: 20 }, (_, i) => `192.0.2.${i}`) }),
};

describe("IP fragment reassembly (crafted fragments)", () => {
  const ip = encodeIpPacket(bigAnswer);
  const raw = (list: Uint8Array[], gapUs = 1000) => pcapOf(LINK_TYPE_OF.raw, list.map((f, i) => [T0 + i * gapUs, f]));

  it("decodes the datagram at its last fragment whatever the order, and ignores exact repeats", () => {
    const [a, b, c] = fragmentIpv4(ip, [64, 64, ip.length - 20 - 128]);
    for (const order of [[a, b, c], [c, a, b], [b, c, a], [a, a, c, b]]) {
      const { packets, report } = parse(raw(order as Uint8Array[]));
      const last = packets.at(-1)!;
      expect(packets.slice(0, -1).every((p) => p.fragment && p.srcPort === null && p.dns === null)).toBe(true);
      expect([last.fragment, last.srcPort, last.dstPort, last.dns?.[0]?.id, last.dns?.[0]?.error]).toEqual([true, 53, 40000, 0x77, null]);
      expect(report.ipDatagrams).toBe(1);
      expect(report.ipDuplicateFragments).toBe(order.length - 3);
    }
  });

  it("counts fragments that never complete: a hole at the end, a timeout, a conflicting overlap", () => {
    const [a, b, c] = fragmentIpv4(ip, [64, 64, ip.length - 20 - 128]);
    const ended = parse(raw([a!, c!]));
    expect(ended.packets.map((p) => [p.fragment, p.ipVersion, p.srcPort])).toEqual([[true, 4, null], [true, 4, null]]);
    expect(ended.report.ipGivenUp).toEqual([{ reason: "datagram never completed (capture ended)", count: 2 }]);

    const late = parse(raw([a!, b!, c!], 31_000_000));
    expect(late.report.ipDatagrams).toBe(0);
    expect(late.report.ipGivenUp).toEqual([
      { reason: "datagram never completed (no fragment for 30 s)", count: 2 },
      { reason: "datagram never completed (capture ended)", count: 1 },
    ]);

    const forged = Buffer.from(b!);
    forged[30] = forged[30]! ^ 0xff;
    const conflict = parse(raw([a!, b!, forged, c!]));
    expect(conflict.report.ipDatagrams).toBe(0);
    expect(conflict.report.ipGivenUp).toEqual([{ reason: "overlapping fragments with different bytes (discarded, RFC 5722)", count: 4 }]);
  });

  it("bounds memory: beyond maxDatagrams the oldest incomplete datagram is dropped and counted", () => {
    const list = [1, 2, 3].flatMap((id) => fragmentIpv4(ip, [64, ip.length - 20 - 64], id).slice(0, 1));
    const { report } = parse(raw(list), { ipFragments: { maxDatagrams: 2 } } as CaptureParserOptions);
    expect(report.ipGivenUp).toEqual([
      { reason: "datagram never completed (capture ended)", count: 2 },
      { reason: "too many incomplete datagrams (oldest dropped)", count: 1 },
    ]);
  });

  it("keeps packets + rejects = records", () => {
    const [a, b, c] = fragmentIpv4(ip, [64, 64, ip.length - 20 - 128]);
    const file = raw([a!, b!, c!, a!, c!]);
    const { packets, rejects } = parse(Buffer.concat([file, Buffer.alloc(7)]));
    expect(packets.length + rejects).toBe(6);
  });
});
