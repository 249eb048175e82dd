import { describe, expect, it } from "vitest";
import { textPacket } from "@/lib/parsers/capture/capture-text";
import type { CapturePacket } from "@/lib/parsers/capture/packet";
import { TcpAnalyzer } from "./tcp-analysis";

const S = 1_000_000;
const T0 = 1_718_000_000 * S;

function tcp(ts: number, flags: number, seq: number, srcPort = 50000): CapturePacket {
  const p = textPacket(0, ts);
  Object.assign(p, { ipVersion: 4, src: "10.0.0.5", dst: "10.0.0.9", protocol: 6, srcPort, dstPort: 443 });
  p.tcp = { flags, seq, ack: 0, payloadLength: 0, window: null, mss: null, windowScale: null };
  return p;
}

const seconds = (a: TcpAnalyzer) => Object.fromEntries([...a.seconds].map(([s, c]) => [s - T0 / S, c]));

describe("TcpAnalyzer", () => {
  it("counts packets per second by flag class; non-TCP packets are not counted", () => {
    const a = new TcpAnalyzer();
    for (const [dt, flags] of [[0, 0x02], [1, 0x12], [2, 0x10], [3, 0x18], [S, 0x11], [S + 1, 0x04], [S + 2, 0x14], [S + 3, 0]]) a.packet(tcp(T0 + dt!, flags!, 1));
    const udp = textPacket(0, T0);
    udp.protocol = 17;
    a.packet(udp);
    expect(seconds(a)).toEqual({
      0: { syn: 1, synack: 1, rst: 0, fin: 0, other: 2, none: 0, synRetransmissions: 0 },
      1: { syn: 0, synack: 0, rst: 2, fin: 1, other: 0, none: 1, synRetransmissions: 0 },
    });
  });

  it("counts a SYN with the same 4-tuple and sequence number as a retransmission", () => {
    const a = new TcpAnalyzer();
    a.packet(tcp(T0, 0x02, 1000));
    a.packet(tcp(T0 + S, 0x02, 1000)); // retransmitted
    a.packet(tcp(T0 + S + 1, 0x02, 2000)); // new connection attempt, same ports
    a.packet(tcp(T0 + S + 2, 0x02, 1000, 50001)); // other port
    a.packet(tcp(T0 + 3 * S, 0x02, 1000)); // retransmitted again
    a.packet(tcp(T0 + 3 * S + 1, 0x12, 1000)); // SYN-ACK: never a SYN retransmission
    expect(Object.values(seconds(a)).map((c) => [c.syn, c.synRetransmissions])).toEqual([[1, 0], [3, 1], [1, 1]]);
  });

  it("forgets SYNs after the horizon and caps what it remembers", () => {
    const a = new TcpAnalyzer({ synHorizonUs: 10 * S });
    a.packet(tcp(T0, 0x02, 7));
    a.packet(tcp(T0 + 11 * S, 0x02, 7));
    expect(a.seconds.get(T0 / S + 11)?.synRetransmissions).toBe(0);

    const capped = new TcpAnalyzer({ maxTrackedSyns: 100 });
    for (let i = 0; i < 10_000; i++) capped.packet(tcp(T0 + i, 0x02, i));
    expect(capped.trackedSyns).toBeLessThanOrEqual(100);
    capped.packet(tcp(T0 + 20_000, 0x02, 9_999));
    expect(capped.seconds.get(T0 / S)?.synRetransmissions).toBe(1);
  });
});
