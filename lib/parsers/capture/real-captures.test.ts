// Real captures made by make-fixtures.sh (tcpdump, dumpcap, dig, a local DNS responder) and the
// outputs real tshark/tcpdump printed for them, committed beside them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CaptureAnalyzer, type CaptureAnalysis } from "@/lib/captures/capture-analyzer";
import type { DnsTransaction } from "@/lib/captures/dns-transactions";
import { CAPTURE_FORMATS, type CaptureFormatOptions } from "./capture-formats";

const FIXTURES = path.join(import.meta.dirname, "fixtures");
const read = (name: string) => readFileSync(path.join(FIXTURES, name));

function analyze(name: string, options?: CaptureFormatOptions): { kind: string; analysis: CaptureAnalysis; transactions: DnsTransaction[]; issues: unknown[] } {
  const data = read(name);
  const format = CAPTURE_FORMATS.find((f) => f.sniff(data.subarray(0, 65536)));
  if (!format) throw new Error(`no format for ${name}`);
  const transactions: DnsTransaction[] = [];
  const issues: unknown[] = [];
  const analyzer = new CaptureAnalyzer({ onTransaction: (t) => transactions.push(t) });
  const parser = format.create(analyzer.sinkFor(0, (i) => issues.push(i)), options);
  for (let off = 0; off < data.length; off += 1000) parser.write(data.subarray(off, off + 1000));
  parser.end();
  transactions.sort((a, b) => a.queryTs - b.queryTs || a.clientPort - b.clientPort);
  return { kind: format.kind, analysis: analyzer.finish(), transactions, issues };
}

/** tshark's `-e dns.id -e dns.time` lines → [id, latency in ns] (exact integer parse). */
function tsharkDnsTimes(name: string): Array<[number, number]> {
  return read(name)
    .toString()
    .trim()
    .split("\n")
    .map((line) => {
      const [id, time] = line.split("\t") as [string, string];
      const [s, f = ""] = time.split(".");
      return [parseInt(id, 16), Number(s) * 1e9 + Number((f + "000000000").slice(0, 9))];
    });
}

const lines = (name: string) => read(name).toString().split("\n").filter((l) => l.trim() !== "").length;

describe.each([
  ["dns-lo.pcap", "pcap", 1],
  ["dns-lo-nano.pcap", "pcap", 1000],
  ["dns-two-interfaces.pcapng", "pcapng", 1000],
])("real capture %s", (file, kind, nsPerTick) => {
  const { kind: detected, analysis, transactions, issues } = analyze(file);

  it("is detected and parsed without issues", () => {
    expect(detected).toBe(kind);
    expect(issues).toEqual([]);
    expect(analysis.summary.malformedPackets).toBe(0);
    expect(analysis.summary.dnsMalformed).toBe(0);
  });

  it("gives every answered transaction tshark's dns.time, to the microsecond", () => {
    const expected = tsharkDnsTimes(`${file}.dns-time.txt`);
    const answered = transactions.filter((t) => t.latencyUs !== null);
    expect(answered.map((t) => t.dnsId).sort()).toEqual(expected.map(([id]) => id).sort());
    for (const [id, ns] of expected) {
      const t = answered.find((a) => a.dnsId === id)!;
      // µs captures: exact. ns captures: both ends are floored to the µs, so within 1 µs.
      if (nsPerTick === 1) expect(t.latencyUs! * 1000).toBe(ns);
      else expect(Math.abs(t.latencyUs! - ns / 1000)).toBeLessThan(1);
    }
  });

  it("counts the SYN retransmissions tshark flags", () => {
    const synRetransmissions = analysis.tcpSeconds.reduce((n, s) => n + s.synRetransmissions, 0);
    expect(synRetransmissions).toBe(lines(`${file}.syn-retransmissions.txt`));
  });

  it("keeps unanswered queries and same-socket retries", () => {
    const stubRetry = transactions.find((t) => t.qname?.startsWith("drop1-stub"));
    expect(stubRetry).toMatchObject({ retries: 1, rcode: 0 });
    expect(stubRetry!.latencyUs).toBeGreaterThan(900_000);
    const rows = analysis.dnsSeconds;
    const sum = (k: "queries" | "answered" | "unanswered" | "servfail" | "nxdomain") => rows.reduce((n, r) => n + r[k], 0);
    expect(sum("queries")).toBe(transactions.length);
    expect(sum("answered")).toBe(lines(`${file}.dns-time.txt`));
    expect(sum("unanswered")).toBe(transactions.filter((t) => t.answerTs === null).length);
    expect(sum("servfail")).toBe(transactions.filter((t) => t.rcode === 2).length);
    expect(sum("nxdomain")).toBe(transactions.filter((t) => t.rcode === 3).length);
  });
});

describe("dns-lo.pcap specifics", () => {
  const { transactions } = analyze("dns-lo.pcap");
  it("has dig's retries from a new port as separate transactions, and DNS over TCP", () => {
    const never = transactions.filter((t) => t.qname === "never-1.test");
    expect(never.map((t) => [t.latencyUs, t.retries])).toEqual([[null, 0], [null, 0]]);
    expect(new Set(never.map((t) => t.clientPort)).size).toBe(2);
    expect(transactions.filter((t) => t.transport === "tcp").map((t) => [t.qname, t.rcode])).toEqual([["fast-10.test", 0], ["slow-10.test", 0], ["nx-10.test", 3]]);
    expect(transactions.find((t) => t.qname === "refused-1.test")).toMatchObject({ rcode: 5, qtype: 28 });
  });
});

describe("text renderings of the real captures", () => {
  it.each([
    ["dns-lo.pcap", "dns-lo.pcap.tcpdump-tt.txt", "tcpdump-text", {}],
    ["dns-lo.pcap", "dns-lo.pcap.tcpdump-tttt-ist.txt", "tcpdump-text", { utcOffsetMinutes: 330 }],
    ["dns-lo.pcap", "dns-lo.pcap.tshark.csv", "tshark-fields", {}],
    ["dns-lo-nano.pcap", "dns-lo-nano.pcap.tcpdump-tt.txt", "tcpdump-text", {}],
    ["dns-lo-nano.pcap", "dns-lo-nano.pcap.tshark.tsv", "tshark-fields", {}],
  ])("%s as %s gives the same transactions and rollups", (binary, text, kind, options) => {
    const expected = analyze(binary);
    const actual = analyze(text, options);
    expect(actual.kind).toBe(kind);
    expect(actual.issues).toEqual([]);
    expect(actual.transactions).toEqual(expected.transactions);
    expect(actual.analysis.dnsSeconds).toEqual(expected.analysis.dnsSeconds);
    expect(actual.analysis.dnsLatencyBuckets).toEqual(expected.analysis.dnsLatencyBuckets);
    expect(actual.analysis.tcpSeconds).toEqual(expected.analysis.tcpSeconds);
  });
});
