import { describe, expect, it } from "vitest";
import { TcpAnalyzer } from "@/lib/captures/tcp-analysis";
import type { CapturePacket } from "@/lib/parsers/capture/packet";
import { TcpSynRollup } from "./tcp-syn-rollup";

const S = 1_000_000;

function tcp(ts: number, src: string, dst: string, dstPort: number, flags: number, seq: number, srcPort = 40000): CapturePacket {
  return {
    frame: 1, ts, tsEstimated: false, interfaceId: 0, linkType: 1, wireLength: 60, ipVersion: 4, src, dst, protocol: 6, srcPort, dstPort,
    tcp: { flags, seq, ack: 0, payloadLength: 0, window: null, mss: null, windowScale: null }, dns: null, fragment: false, truncated: false, malformed: null, setAside: null, encapsulation: 0,
  };
}

describe("TcpSynRollup", () => {
  it("counts SYNs and their retransmissions per second, destination and port, and feeds the analyzer every packet", () => {
    const analyzer = new TcpAnalyzer();
    const rollup = new TcpSynRollup();
    const t0 = 1_718_000_000 * S;
    // A connect to the resolver retransmitted after 1 s and 3 s; a healthy connect to :443 in between.
    rollup.packet(tcp(t0, "10.1.0.1", "10.0.0.10", 53, 0x02, 7), analyzer);
    rollup.packet(tcp(t0 + 100, "10.1.0.1", "10.0.0.80", 443, 0x02, 9, 40001), analyzer);
    rollup.packet(tcp(t0 + 200, "10.0.0.80", "10.1.0.1", 40001, 0x12, 1), analyzer); // SYN-ACK: not a SYN
    rollup.packet(tcp(t0 + 300, "10.1.0.1", "10.0.0.80", 443, 0x10, 10, 40001), analyzer);
    rollup.packet(tcp(t0 + 1 * S, "10.1.0.1", "10.0.0.10", 53, 0x02, 7), analyzer);
    rollup.packet(tcp(t0 + 3 * S, "10.1.0.1", "10.0.0.10", 53, 0x02, 7), analyzer);
    rollup.packet(tcp(t0 + 3 * S + 5, "10.1.0.2", "10.0.0.10", 53, 0x02, 99, 40002), analyzer); // a new connect
    const ms = 1_718_000_000_000;
    expect(rollup.take().sort((a, b) => a.ts - b.ts || a.dstPort - b.dstPort)).toEqual([
      { ts: ms, dst: "10.0.0.10", dstPort: 53, syns: 1, synRetransmissions: 0 },
      { ts: ms, dst: "10.0.0.80", dstPort: 443, syns: 1, synRetransmissions: 0 },
      { ts: ms + 1000, dst: "10.0.0.10", dstPort: 53, syns: 1, synRetransmissions: 1 },
      { ts: ms + 3000, dst: "10.0.0.10", dstPort: 53, syns: 2, synRetransmissions: 1 },
    ]);
    expect([...analyzer.seconds.values()].reduce((a, c) => a + c.syn + c.synack + c.other, 0)).toBe(7);
    expect(rollup.take()).toEqual([]);
  });

  it("still recognises a retransmission after the analyzer handed over a file's seconds", () => {
    const analyzer = new TcpAnalyzer();
    const rollup = new TcpSynRollup();
    rollup.packet(tcp(5 * S, "10.1.0.1", "10.0.0.10", 53, 0x02, 7), analyzer);
    analyzer.takeSeconds();
    rollup.take();
    rollup.packet(tcp(6 * S, "10.1.0.1", "10.0.0.10", 53, 0x02, 7), analyzer);
    expect(rollup.take()).toEqual([{ ts: 6000, dst: "10.0.0.10", dstPort: 53, syns: 1, synRetransmissions: 1 }]);
  });
});
