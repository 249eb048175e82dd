// Real snoop files, written by editcap -F snoop from real captures, and what tshark printed for
// them (the .tshark.tsv beside each: frame.number, tcp.flags, dns.id, dns.flags.response, dns.time).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CaptureAnalyzer } from "@/lib/captures/capture-analyzer";
import type { DnsTransaction } from "@/lib/captures/dns-transactions";
import { flagClass } from "@/lib/flows/flag-class";
import type { ParseIssue } from "../types";
import { CAPTURE_FORMATS } from "./capture-formats";
import type { CapturePacket } from "./packet";
import { createSnoopParser } from "./snoop";

const FIXTURES = path.join(import.meta.dirname, "fixtures");
const read = (name: string) => readFileSync(path.join(FIXTURES, name));

function parse(data: Uint8Array, chunk = data.length) {
  const packets: CapturePacket[] = [];
  const issues: ParseIssue[] = [];
  const parser = createSnoopParser({ packet: (p) => packets.push(p), reject: (i) => issues.push(i) });
  for (let off = 0; off < data.length; off += chunk) parser.write(data.subarray(off, off + chunk));
  parser.end();
  return { packets, issues };
}

function analyze(data: Uint8Array) {
  const transactions: DnsTransaction[] = [];
  const analyzer = new CaptureAnalyzer({ onTransaction: (t) => transactions.push(t) });
  const parser = createSnoopParser(analyzer.sinkFor(0));
  parser.write(data);
  parser.end();
  return { analysis: analyzer.finish(), transactions };
}

const tshark = (name: string) =>
  read(name).toString().trim().split("\n").map((l) => {
    const [frame, flags, id, response, time] = l.split("\t");
    return { frame: Number(frame), flags, id, response, time };
  });

describe.each(["dns-lo.snoop", "of13_ericsson.snoop"])("%s", (name) => {
  const data = read(name);
  const expected = tshark(`${name}.tshark.tsv`);

  it("is detected as snoop, and no other format claims it", () => {
    expect(CAPTURE_FORMATS.filter((f) => f.sniff(data.subarray(0, 65536))).map((f) => f.kind)).toEqual(["snoop"]);
  });

  it("reads every frame tshark reads, at any chunk size, without issues", () => {
    const whole = parse(data);
    expect(whole.issues).toEqual([]);
    expect(whole.packets.length).toBe(expected.length);
    expect(whole.packets.every((p) => p.linkType === 1 && p.setAside === null)).toBe(true);
    for (const chunk of [1, 7, 24, 1000]) expect(parse(data, chunk).packets).toEqual(whole.packets);
  });

  it("counts TCP packets by flag class as tshark does", () => {
    const { analysis } = analyze(data);
    const ours: Record<string, number> = {};
    for (const s of analysis.tcpSeconds) for (const c of ["syn", "synack", "rst", "fin", "other"] as const) ours[c] = (ours[c] ?? 0) + s[c];
    const theirs: Record<string, number> = { syn: 0, synack: 0, rst: 0, fin: 0, other: 0 };
    for (const e of expected) if (e.flags) theirs[flagClass(parseInt(e.flags, 16), 6)]!++;
    expect(ours).toEqual(theirs);
  });

  it("gives every answered DNS transaction tshark's dns.time, to the microsecond", () => {
    const { transactions } = analyze(data);
    const answered = expected.filter((e) => e.time).map((e) => [parseInt(e.id!, 16), Math.round(Number(e.time) * 1e6)]);
    const ours = transactions.filter((t) => t.latencyUs !== null).map((t) => [t.dnsId, t.latencyUs]);
    const sort = (a: number[][]) => a.sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!);
    expect(sort(ours as number[][])).toEqual(sort(answered as number[][]));
  });
});

it("gives the same packets as the pcap it was written from", () => {
  const fromPcap: CapturePacket[] = [];
  const pcap = CAPTURE_FORMATS.find((f) => f.kind === "pcap")!.create({ packet: (p) => fromPcap.push(p), reject: () => {} });
  pcap.write(read("dns-lo.pcap"));
  pcap.end();
  expect(parse(read("dns-lo.snoop")).packets).toEqual(fromPcap);
});

describe("damage", () => {
  const data = read("dns-lo.snoop");

  it("sets aside every packet of a datalink type without a decoder, naming the type", () => {
    const hdlc = Uint8Array.from(data);
    hdlc[15] = 5; // the datalink field of the file header: HDLC
    const { packets, issues } = parse(hdlc);
    expect(issues).toEqual([]);
    expect(packets.length).toBe(60);
    expect(new Set(packets.map((p) => p.setAside))).toEqual(new Set(["unsupported encapsulation: snoop datalink type 5 (HDLC)"]));
  });

  it("reports a file cut inside a packet, and keeps the packets before it", () => {
    const { packets, issues } = parse(data.subarray(0, data.length - 10));
    expect(packets.length).toBe(59);
    expect(issues).toEqual([{ line: 60, message: expect.stringMatching(/^file ends inside packet 60/) }]);
  });

  it("stops at a record whose length cannot hold its packet", () => {
    const bad = Uint8Array.from(data);
    bad.set([0, 0, 0, 8], 16 + 8); // record 1: a record length shorter than its header
    const { packets, issues } = parse(bad);
    expect(packets).toEqual([]);
    expect(issues[0]!.message).toMatch(/^record 1 has a bad length/);
  });

  it("refuses other snoop versions", () => {
    const v3 = Uint8Array.from(data);
    v3[11] = 3;
    expect(parse(v3).issues[0]!.message).toMatch(/snoop version 3 is not supported/);
  });
});
