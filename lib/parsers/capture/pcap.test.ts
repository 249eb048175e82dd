import { describe, expect, it } from "vitest";
import { encodeDns, encodeFrame, encodeIpPacket, LINK_TYPE_OF, withLengthPrefix, type LinkKind, type SyntheticPacket } from "@/lib/samples/capture-frames";
import { createCaptureFileWriter, PcapWriter } from "@/lib/samples/pcap-writer";
import { collectCapture } from "./collect-capture";
import { createPcapParser, pcapFormat } from "./pcap";

const T0 = 1_718_000_000_000_000;
const query: SyntheticPacket = { src: "10.0.0.5", dst: "10.0.0.2", srcPort: 40000, dstPort: 53, payload: encodeDns({ id: 0x3039, qname: "example.com", qtype: 1 }) };
const answer6: SyntheticPacket = {
  src: "2001:db8::2", dst: "2001:db8::5", srcPort: 53, dstPort: 40001,
  payload: encodeDns({ id: 7, qname: "v6.example", qtype: 28, response: true, rcode: 3, edns: {} }),
};
const syn: SyntheticPacket = {
  src: "10.0.0.5", dst: "10.0.0.9", srcPort: 50000, dstPort: 443,
  tcp: { flags: 0x02, seq: 4_000_000_000, options: Uint8Array.of(2, 4, 0x05, 0xb4, 1, 3, 3, 7) },
};

function pcapOf(linkType: number, frames: Array<[number, Uint8Array]>, options: { nanos?: boolean; bigEndian?: boolean; snaplen?: number } = {}): Buffer {
  const chunks: Uint8Array[] = [];
  const w = new PcapWriter((c) => chunks.push(c), { linkType, ...options });
  for (const [ts, frame] of frames) w.writePacket(ts, frame, { subMicroNs: 999 });
  w.end();
  return Buffer.concat(chunks);
}

const parse = (file: Uint8Array, chunkSize?: number) => collectCapture(createPcapParser, file, chunkSize);

describe("pcap parser", () => {
  it("reads the docs/formats.md example byte for byte (LE µs, first packet at 1700000000.100000)", () => {
    const frame = encodeFrame(query, "ethernet");
    expect(frame.length).toBe(71);
    const reference = Buffer.concat([
      Buffer.from("d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000 00f15365 a0860100 47000000 47000000".replace(/ /g, ""), "hex"),
      frame,
    ]);
    expect(pcapOf(1, [[1_700_000_000_100_000, frame]], { snaplen: 65535 })).toEqual(reference);
    const { packets, issues } = parse(reference);
    expect(issues).toEqual([]);
    expect(packets).toEqual([
      {
        frame: 1, ts: 1_700_000_000_100_000, tsEstimated: false, interfaceId: 0, linkType: 1, wireLength: 71, ipVersion: 4,
        src: "10.0.0.5", dst: "10.0.0.2", protocol: 17, srcPort: 40000, dstPort: 53, tcp: null,
        dns: [expect.objectContaining({ id: 12345, response: false, qname: "example.com", qtype: 1 })],
        fragment: false, truncated: false, malformed: null, setAside: null, encapsulation: 0,
      },
    ]);
  });

  it.each([
    { nanos: false, bigEndian: false },
    { nanos: false, bigEndian: true },
    { nanos: true, bigEndian: false },
    { nanos: true, bigEndian: true },
  ])("reads both byte orders and resolutions (%o), whole or byte by byte", (options) => {
    const file = pcapOf(1, [[T0 + 1, encodeFrame(query, "ethernet")], [T0 + 999_999, encodeFrame(answer6, "ethernet")], [T0 + 2_000_000, encodeFrame(syn, "ethernet")]], options);
    expect(pcapFormat.sniff(file)).toBe(true);
    const whole = parse(file);
    expect(whole.issues).toEqual([]);
    expect(whole.packets.map((p) => p.ts)).toEqual([T0 + 1, T0 + 999_999, T0 + 2_000_000]); // ns floored to µs
    expect(whole.packets[1]).toMatchObject({ ipVersion: 6, src: "2001:db8::2", dst: "2001:db8::5", dns: [{ id: 7, response: true, rcode: 3, qtype: 28 }] });
    expect(whole.packets[2]!.tcp).toEqual({ flags: 2, seq: 4_000_000_000, ack: 0, payloadLength: 0, window: 65535, mss: 1460, windowScale: 7 });
    expect(parse(file, 1)).toEqual(whole);
    expect(parse(file, 17)).toEqual(whole);
  });

  it.each(["ethernet", "vlan", "qinq", "sll", "sll2", "null", "loop", "raw"] as LinkKind[])("decodes IPv4 and IPv6 over %s", (link) => {
    const file = pcapOf(LINK_TYPE_OF[link], [[T0, encodeFrame(query, link)], [T0 + 1, encodeFrame(answer6, link)]]);
    const { packets, issues } = parse(file);
    expect(issues).toEqual([]);
    expect(packets.map((p) => [p.linkType, p.src, p.dstPort, p.dns?.[0]?.id, p.malformed])).toEqual([
      [LINK_TYPE_OF[link], "10.0.0.5", 53, 0x3039, null],
      [LINK_TYPE_OF[link], "2001:db8::2", 40001, 7, null],
    ]);
  });

  it("decodes RAW variants 12/14/228/229 and NULL written in the other byte order", () => {
    for (const linkType of [12, 14, 228]) expect(parse(pcapOf(linkType, [[T0, encodeIpPacket(query)]])).packets[0]?.src).toBe("10.0.0.5");
    expect(parse(pcapOf(229, [[T0, encodeIpPacket(answer6)]])).packets[0]?.src).toBe("2001:db8::2");
    const bigEndianNull = Buffer.concat([Uint8Array.of(0, 0, 0, 30), encodeIpPacket(answer6)]);
    expect(parse(pcapOf(0, [[T0, bigEndianNull]])).packets[0]?.ipVersion).toBe(6);
  });

  it("skips IPv4 options and IPv6 extension headers (hop-by-hop, routing, destination, fragment)", () => {
    const withOptions = { ...query, ipv4Options: Uint8Array.of(1, 1, 1, 0, 1, 1, 1, 0) };
    const withExtensions = { ...answer6, ipv6ExtensionHeaders: [0, 43, 60] };
    const firstFragment6 = { ...answer6, ipv6ExtensionHeaders: [0, 44] };
    const { packets } = parse(pcapOf(1, [withOptions, withExtensions, firstFragment6].map((p, i) => [T0 + i, encodeFrame(p, "ethernet")])));
    expect(packets.map((p) => [p.protocol, p.srcPort, p.dns?.[0]?.qname, p.fragment])).toEqual([
      [17, 40000, "example.com", false],
      [17, 53, "v6.example", false],
      // A first fragment (M=1) is held for reassembly: its transport is decoded with the last one.
      [17, null, undefined, true],
    ]);
  });

  it("counts IPv4 fragments that leave a hole as IP packets without ports", () => {
    const first = { ...query, fragment: { offset: 0, more: true } };
    const later = { ...query, fragment: { offset: 1480, more: false } };
    const { packets } = parse(pcapOf(1, [[T0, encodeFrame(first, "ethernet")], [T0 + 1, encodeFrame(later, "ethernet")]]));
    expect(packets.map((p) => [p.fragment, p.ipVersion, p.srcPort, p.dns === null])).toEqual([[true, 4, null, true], [true, 4, null, true]]);
  });

  it("uses the IP length, not the Ethernet padding, for the TCP payload", () => {
    const ack: SyntheticPacket = { ...syn, tcp: { flags: 0x10, seq: 1, ack: 1 } };
    const frame = encodeFrame(ack, "ethernet");
    expect(frame.length).toBe(60);
    expect(parse(pcapOf(1, [[T0, frame]])).packets[0]?.tcp?.payloadLength).toBe(0);
  });

  it("frames DNS over TCP: two messages in one segment, and a message that continues waits for its next segment", () => {
    const two = withLengthPrefix(encodeDns({ id: 1, qname: "a.example", qtype: 1 }), encodeDns({ id: 2, qname: "b.example", qtype: 28 }));
    const segment = (payload: Uint8Array, srcPort: number, seq: number): SyntheticPacket => ({ ...query, srcPort, tcp: { flags: 0x18, seq, ack: 1 }, payload });
    const { packets } = parse(pcapOf(1, [
      [T0, encodeFrame(segment(two, 40000, 1), "ethernet")],
      [T0 + 1, encodeFrame(segment(two.subarray(0, 40), 40001, 1), "ethernet")],
      [T0 + 2, encodeFrame(segment(two.subarray(40), 40001, 41), "ethernet")],
    ]));
    expect(packets[0]!.dns?.map((m) => [m.id, m.qname, m.qtype])).toEqual([[1, "a.example", 1], [2, "b.example", 28]]);
    expect(packets[1]!.dns?.map((m) => m.id)).toEqual([1]);
    expect(packets[1]!.malformed).toBeNull();
    expect(packets[2]!.dns?.map((m) => m.id)).toEqual([2]);
  });

  it("flags snaplen-cut packets and keeps what was captured", () => {
    const chunks: Uint8Array[] = [];
    const w = createCaptureFileWriter({ type: "pcap", link: "ethernet", snaplen: 70 }, (c) => chunks.push(c));
    const big = { ...answer6, payload: encodeDns({ id: 8, qname: "a-rather-long-name.example", qtype: 1, response: true, answers: ["192.0.2.1", "192.0.2.2"] }) };
    w.write({ tsUs: T0, packet: { ...query, payload: big.payload } });
    w.write({ tsUs: T0 + 1, packet: big });
    w.end();
    const { packets, issues } = parse(Buffer.concat(chunks));
    expect(issues).toEqual([]);
    expect(packets[0]).toMatchObject({ truncated: true, srcPort: 40000, dns: [{ id: 8, response: true, qname: null, error: expect.stringMatching(/^truncated capture/) }] });
    expect(packets[1]).toMatchObject({ truncated: true, ipVersion: 6, srcPort: 53, dns: null, malformed: "DNS header cut by the snaplen" });
  });

  it("keeps the packets before a truncated trailing record and reports it", () => {
    const file = pcapOf(1, [[T0, encodeFrame(query, "ethernet")], [T0 + 1, encodeFrame(syn, "ethernet")]]);
    for (const cut of [file.length - 1, file.length - 60, 24 + 16 + 71 + 5]) {
      const { packets, issues } = parse(file.subarray(0, cut), 3);
      expect(packets).toHaveLength(1);
      expect(issues).toEqual([{ line: 2, message: expect.stringMatching(/^file ends inside packet 2/) }]);
    }
  });

  it("rejects a wrong magic, an empty file and a short header without packets", () => {
    expect(parse(Buffer.from("not a capture at all, just text....")).issues).toEqual([{ line: 0, message: "not a pcap file (magic 0x6e6f7420)" }]);
    expect(parse(Buffer.alloc(0)).issues).toEqual([{ line: 0, message: "empty file" }]);
    expect(parse(Buffer.from("d4c3b2a10200", "hex")).issues[0]?.message).toMatch(/too short/);
    expect(pcapFormat.sniff(Buffer.from("0a0d0d0a", "hex"))).toBe(false);
  });

  it("stops cleanly at an absurd captured length", () => {
    const file = pcapOf(1, [[T0, encodeFrame(query, "ethernet")], [T0 + 1, encodeFrame(query, "ethernet")]]);
    file.writeUInt32LE(0x7fffffff, 24 + 16 + 71 + 8);
    const { packets, issues } = parse(file);
    expect(packets).toHaveLength(1);
    expect(issues).toEqual([{ line: 2, message: expect.stringMatching(/exceeds 262144: corrupt file, stopped/) }]);
  });

  it("emits non-IP frames undecoded and flags unsupported link types", () => {
    const arp = Buffer.concat([Uint8Array.of(...Array(12).fill(0xff), 0x08, 0x06), Buffer.alloc(46)]);
    const llc = Buffer.concat([Uint8Array.of(...Array(12).fill(0xff), 0x00, 0x26), Buffer.alloc(46)]);
    expect(parse(pcapOf(1, [[T0, arp], [T0, llc]])).packets.map((p) => [p.ipVersion, p.malformed])).toEqual([[null, null], [null, null]]);
    expect(parse(pcapOf(147, [[T0, arp]])).packets[0]?.malformed).toBe("unsupported link type 147");
  });
});
