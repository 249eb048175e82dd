import { describe, expect, it } from "vitest";
import { encodeDns, encodeFrame, type SyntheticPacket } from "@/lib/samples/capture-frames";
import { PcapngWriter, type PcapngInterfaceOptions } from "@/lib/samples/pcap-writer";
import { collectCapture } from "./collect-capture";
import { createPcapngParser, pcapngFormat } from "./pcapng";

const T0 = 1_718_000_000_000_000;
const query: SyntheticPacket = { src: "10.0.0.5", dst: "10.0.0.2", srcPort: 40000, dstPort: 53, payload: encodeDns({ id: 1, qname: "a.example", qtype: 1 }) };
const frame = encodeFrame(query, "ethernet");

type Step = (w: PcapngWriter) => void;

function pcapng(sections: Array<{ interfaces: PcapngInterfaceOptions[]; bigEndian?: boolean; steps: Step[] }>): Buffer {
  const chunks: Uint8Array[] = [];
  for (const s of sections) {
    const w = new PcapngWriter((c) => chunks.push(c), s);
    for (const step of s.steps) step(w);
    w.end();
  }
  return Buffer.concat(chunks);
}

const parse = (file: Uint8Array, chunkSize?: number) => collectCapture(createPcapngParser, file, chunkSize);

describe("pcapng parser", () => {
  it("decodes the docs/formats.md worked example (µs ticks 0x00060a24 181fc6a0)", () => {
    const file = pcapng([{ interfaces: [{ linkType: 1 }], steps: [(w) => w.writePacket(0, 1_700_000_000_100_000, frame)] }]);
    const epb = file.indexOf(Buffer.from("06000000", "hex"));
    expect(file.subarray(epb + 12, epb + 20).toString("hex")).toBe("240a0600a0c61f18");
    expect(pcapngFormat.sniff(file)).toBe(true);
    expect(parse(file).packets[0]).toMatchObject({ frame: 1, ts: 1_700_000_000_100_000, interfaceId: 0, linkType: 1, dns: [{ id: 1 }] });
  });

  it.each([false, true])("reads two interfaces with different link types, if_tsresol and if_tsoffset (big-endian %s)", (bigEndian) => {
    const interfaces = [
      { linkType: 1, tsresol: 9 },
      { linkType: 276, tsresol: 0x80 | 20, tsoffset: 1_700_000_000 },
      { linkType: 113, tsresol: 3 },
    ];
    const file = pcapng([{
      interfaces, bigEndian, steps: [
        (w) => w.writePacket(0, T0 + 1, frame, { subMicroNs: 999 }),
        (w) => w.writePacket(1, T0 + 2, encodeFrame(query, "sll2")),
        (w) => w.writePacket(0, T0 + 3, frame),
        (w) => w.writePacket(2, T0 + 5_000, encodeFrame(query, "sll")),
      ],
    }]);
    const whole = parse(file);
    expect(whole.issues).toEqual([]);
    expect(whole.packets.map((p) => [p.ts, p.interfaceId, p.linkType, p.src])).toEqual([
      [T0 + 1, 0, 1, "10.0.0.5"],
      [T0 + 2, 1, 276, "10.0.0.5"],
      [T0 + 3, 0, 1, "10.0.0.5"],
      [T0 + 5_000, 2, 113, "10.0.0.5"],
    ]);
    expect(parse(file, 1)).toEqual(whole);
  });

  it("converts power-of-two and coarse resolutions exactly", () => {
    const epb = (ticks: bigint) => {
      const b = Buffer.alloc(20);
      b.writeUInt32LE(Number(ticks >> 32n), 4);
      b.writeUInt32LE(Number(ticks & 0xffffffffn), 8);
      return b;
    };
    const file = pcapng([{
      interfaces: [{ linkType: 1, tsresol: 0x80 | 10 }, { linkType: 1, tsresol: 0 }, { linkType: 1, tsresol: 10 }],
      steps: [
        (w) => w.writeBlock(6, Buffer.concat([epb(1_700_000_000n * 1024n + 512n)])),
        (w) => w.writeBlock(6, Buffer.concat([epb(1_700_000_001n)]).fill(1, 0, 1)),
        (w) => w.writeBlock(6, Buffer.concat([epb(17_000_000_001_234_567_899n)]).fill(2, 0, 1)),
      ],
    }]);
    expect(parse(file).packets.map((p) => p.ts)).toEqual([1_700_000_000_500_000, 1_700_000_001_000_000, 1_700_000_000_123_456]);
  });

  it("re-detects the byte order at every section; interface ids keep counting", () => {
    const file = pcapng([
      { interfaces: [{ linkType: 1 }, { linkType: 101 }], steps: [(w) => w.writePacket(1, T0, encodeFrame(query, "raw"))] },
      { interfaces: [{ linkType: 276 }], bigEndian: true, steps: [(w) => w.writePacket(0, T0 + 1, encodeFrame(query, "sll2"))] },
    ]);
    expect(parse(file).packets.map((p) => [p.frame, p.interfaceId, p.linkType, p.ts])).toEqual([[1, 1, 101, T0], [2, 2, 276, T0 + 1]]);
  });

  it("skips unknown blocks and gives Simple Packet Blocks the previous time", () => {
    const file = pcapng([{
      interfaces: [{ linkType: 1, snaplen: 50 }],
      steps: [
        (w) => w.writeSimplePacket(frame),
        (w) => w.writeBlock(4, Buffer.alloc(12)),
        (w) => w.writePacket(0, T0, frame),
        (w) => w.writeBlock(0x00000bad, Buffer.from("custom")),
        (w) => w.writeBlock(0x80000001, Buffer.alloc(0)),
        (w) => w.writeBlock(5, Buffer.alloc(16)),
        (w) => w.writeSimplePacket(frame),
      ],
    }]);
    const { packets, issues } = parse(file);
    expect(issues).toEqual([{ line: 3, message: "block 3 (packet 1): simple packet block before any timestamped packet" }]);
    expect(packets.map((p) => [p.frame, p.ts, p.tsEstimated, p.truncated])).toEqual([[2, T0, false, false], [3, T0, true, true]]);
  });

  it("reads the obsolete Packet Block", () => {
    const body = Buffer.alloc(20);
    body.writeUInt16LE(0, 0);
    body.writeUInt32LE(Math.floor(T0 / 2 ** 32), 4);
    body.writeUInt32LE(T0 % 2 ** 32, 8);
    body.writeUInt32LE(frame.length, 12);
    body.writeUInt32LE(frame.length, 16);
    const file = pcapng([{ interfaces: [{ linkType: 1 }], steps: [(w) => w.writeBlock(2, Buffer.concat([body, frame]))] }]);
    expect(parse(file).packets[0]).toMatchObject({ ts: T0, src: "10.0.0.5", dns: [{ id: 1 }] });
  });

  it("rejects a packet on an unknown interface and goes on", () => {
    const file = pcapng([{ interfaces: [{ linkType: 1 }], steps: [(w) => w.writePacket(0, T0, frame), (w) => w.writePacket(0, T0 + 1, frame)] }]);
    const second = file.lastIndexOf(Buffer.from("06000000", "hex"));
    file.writeUInt32LE(7, second + 8);
    const { packets, issues } = parse(file);
    expect(packets).toHaveLength(1);
    expect(issues).toEqual([{ line: 4, message: "block 4 (packet 2): unknown interface 7" }]);
  });

  it.each([
    ["not a multiple of 4", 4, 0x53],
    ["below 12", 4, 8],
    ["trailing copy differs", -4, 0x60],
  ])("stops cleanly at a bad block length (%s), keeping earlier packets", (_, at, value) => {
    const file = pcapng([{ interfaces: [{ linkType: 1 }], steps: [(w) => w.writePacket(0, T0, frame), (w) => w.writePacket(0, T0 + 1, frame), (w) => w.writePacket(0, T0 + 2, frame)] }]);
    const second = file.indexOf(Buffer.from("06000000", "hex"), file.indexOf(Buffer.from("06000000", "hex")) + 4);
    const length = file.readUInt32LE(second + 4);
    file.writeUInt32LE(value, at > 0 ? second + at : second + length + at);
    const { packets, issues } = parse(file, 5);
    expect(packets).toHaveLength(1);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^block 4: .*; stopped reading$/);
  });

  it("rejects files that do not start with a Section Header Block, and truncated files", () => {
    expect(parse(Buffer.from("d4c3b2a1020004000000000000000000ffff000001000000", "hex")).issues).toEqual([
      { line: 0, message: "not a pcapng file (first block type 0xd4c3b2a1); stopped reading" },
    ]);
    const file = pcapng([{ interfaces: [{ linkType: 1 }], steps: [(w) => w.writePacket(0, T0, frame), (w) => w.writePacket(0, T0 + 1, frame)] }]);
    const { packets, issues } = parse(file.subarray(0, file.length - 10), 7);
    expect(packets).toHaveLength(1);
    expect(issues).toEqual([{ line: 4, message: expect.stringMatching(/^file ends inside block 4/) }]);
    expect(pcapngFormat.sniff(Buffer.from("d4c3b2a1", "hex"))).toBe(false);
  });
});
