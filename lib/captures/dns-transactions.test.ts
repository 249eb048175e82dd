import { describe, expect, it } from "vitest";
import { textDnsMessage, textPacket } from "@/lib/parsers/capture/capture-text";
import type { CapturePacket } from "@/lib/parsers/capture/packet";
import { DnsTransactionMatcher, type DnsMatcherOptions, type DnsTransaction } from "./dns-transactions";

const S = 1_000_000;
const T0 = 1_718_000_000 * S;

function dns(ts: number, response: boolean, id: number, options: { port?: number; rcode?: number; tcp?: boolean; qname?: string } = {}): CapturePacket {
  const p = textPacket(0, ts);
  const client = ["10.0.0.5", options.port ?? 40000] as const;
  const server = ["10.0.0.2", 53] as const;
  [p.src, p.srcPort] = response ? server : client;
  [p.dst, p.dstPort] = response ? client : server;
  p.protocol = options.tcp ? 6 : 17;
  if (options.tcp) p.tcp = { flags: 0x18, seq: 1, ack: 1, payloadLength: 40, window: null, mss: null, windowScale: null };
  p.dns = [textDnsMessage({ id, response, rcode: options.rcode ?? 0, qname: response ? null : (options.qname ?? "example.com"), qtype: 1 })];
  return p;
}

function run(packets: Array<CapturePacket | [CapturePacket, number]>, options?: DnsMatcherOptions): DnsTransaction[] {
  const out: DnsTransaction[] = [];
  const m = new DnsTransactionMatcher((t) => out.push(t), options);
  for (const p of packets) {
    if (Array.isArray(p)) m.packet(p[0], p[1]);
    else m.packet(p);
  }
  m.finish();
  return out;
}

describe("DnsTransactionMatcher", () => {
  it("pairs a query with its response", () => {
    expect(run([dns(T0, false, 1), dns(T0 + 12_345, true, 1)])).toEqual([
      {
        queryTs: T0, answerTs: T0 + 12_345, latencyUs: 12_345, client: "10.0.0.5", clientPort: 40000, server: "10.0.0.2", serverPort: 53,
        transport: "udp", dnsId: 1, qname: "example.com", qtype: 1, rcode: 0, retries: 0, sourceIndex: 0, byContent: false,
      },
    ]);
  });

  it("counts a retransmission with the same key as a retry; latency runs from the first query", () => {
    const [t] = run([dns(T0, false, 1), dns(T0 + S, false, 1), dns(T0 + 1.5 * S, true, 1, { rcode: 2 })]);
    expect(t).toMatchObject({ latencyUs: 1.5 * S, retries: 1, rcode: 2 });
  });

  it("starts a new transaction for a repeat 5 s or more after the first query (Wireshark's window)", () => {
    const out = run([dns(T0, false, 1), dns(T0 + 3 * S, false, 1), dns(T0 + 5 * S, false, 1), dns(T0 + 5.5 * S, true, 1)]);
    expect(out.map((t) => [t.queryTs, t.latencyUs, t.retries])).toEqual([[T0, null, 1], [T0 + 5 * S, 0.5 * S, 0]]);
    expect(run([dns(T0, false, 1), dns(T0 + 6 * S, false, 1), dns(T0 + 6.1 * S, true, 1)], { retransmitWindowUs: 10 * S })[0]).toMatchObject({ retries: 1, latencyUs: 6.1 * S });
  });

  it("keeps ports, ids and transports apart, and ignores duplicate or unsolicited responses", () => {
    const out: DnsTransaction[] = [];
    const m = new DnsTransactionMatcher((t) => out.push(t));
    for (const p of [
      dns(T0, false, 1), dns(T0 + 1, false, 1, { port: 40001 }), dns(T0 + 2, false, 2), dns(T0 + 3, false, 1, { tcp: true }),
      dns(T0 + 10, true, 1, { tcp: true }), dns(T0 + 20, true, 2), dns(T0 + 30, true, 1, { port: 40001 }), dns(T0 + 40, true, 1),
      dns(T0 + 50, true, 1), dns(T0 + 60, true, 9),
    ]) m.packet(p);
    m.finish();
    expect(out.map((t) => [t.transport, t.clientPort, t.dnsId, t.latencyUs])).toEqual([
      ["tcp", 40000, 1, 7], ["udp", 40000, 2, 18], ["udp", 40001, 1, 29], ["udp", 40000, 1, 40],
    ]);
    expect(m.stats).toEqual({ queries: 4, responses: 6, unmatchedResponses: 2, unpairedByContent: 0, multicast: 0 });
  });

  it("starts a new transaction when an answered key is reused", () => {
    const out = run([dns(T0, false, 1), dns(T0 + 10, true, 1), dns(T0 + 100, false, 1), dns(T0 + 130, true, 1)]);
    expect(out.map((t) => t.latencyUs)).toEqual([10, 30]);
  });

  it("matches across files in sequence and records the file of the first query", () => {
    const out = run([[dns(T0, false, 1), 0], [dns(T0 + 10, false, 2), 0], [dns(T0 + S, false, 2), 1], [dns(T0 + 2 * S, true, 1), 1], [dns(T0 + 2 * S, true, 2), 2]]);
    expect(out.map((t) => [t.dnsId, t.sourceIndex, t.latencyUs, t.retries])).toEqual([[1, 0, 2 * S, 0], [2, 0, 2 * S - 10, 1]]);
  });

  it("expires queries older than the horizon as unanswered (bounded memory)", () => {
    const out: DnsTransaction[] = [];
    const m = new DnsTransactionMatcher((t) => out.push(t), { pendingHorizonUs: 60 * S });
    for (let i = 0; i < 600; i++) m.packet(dns(T0 + i * S, false, i));
    expect(m.pendingCount).toBeLessThanOrEqual(62);
    expect(out.length).toBeGreaterThanOrEqual(538);
    expect(out.every((t) => t.answerTs === null && t.latencyUs === null && t.rcode === null)).toBe(true);
    m.packet(dns(T0 + 600 * S, true, 0));
    expect(m.stats.unmatchedResponses).toBe(1);
    m.finish();
    expect(out).toHaveLength(600);
  });
});
