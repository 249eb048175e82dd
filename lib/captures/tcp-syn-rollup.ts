// Per-destination SYN counts from packet captures, written at ingest into `tcp_syn_rollups`:
// per second, destination IP and port, the SYNs (without ACK) seen and how many of them were
// retransmissions. packet_rollups has no destination split, and "TCP to the resolver on port 53
// keeps failing" (a NodeLocal DNSCache forced to TCP upstream) needs one. Whether a SYN is a retransmission is decided by
// the capture's TcpAnalyzer (same 4-tuple and sequence number), read from its own counters.
import type { TcpAnalyzer } from "@/lib/captures/tcp-analysis";
import { isIpAddress } from "@/lib/flows/ip";
import type { CapturePacket } from "@/lib/parsers/capture/packet";

const SYN = 0x02;
const ACK = 0x10;

export interface TcpSynCell {
  /** Epoch ms of the second. */
  ts: number;
  dst: string;
  dstPort: number;
  syns: number;
  synRetransmissions: number;
}

export class TcpSynRollup {
  private cells = new Map<string, TcpSynCell>();

  /** Feeds a TCP packet to `tcp` (always) and counts it here when it is a SYN without ACK. */
  packet(p: CapturePacket, tcp: TcpAnalyzer): void {
    if (p.tcp === null || (p.tcp.flags & (SYN | ACK)) !== SYN || p.dst === null || p.dstPort === null || !isIpAddress(p.dst)) {
      tcp.packet(p);
      return;
    }
    const second = Math.floor(p.ts / 1_000_000);
    const before = tcp.seconds.get(second)?.synRetransmissions ?? 0;
    tcp.packet(p);
    const retransmission = (tcp.seconds.get(second)?.synRetransmissions ?? 0) > before;
    const key = `${second}|${p.dst}|${p.dstPort}`;
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { ts: second * 1000, dst: p.dst, dstPort: p.dstPort, syns: 0, synRetransmissions: 0 }));
    cell.syns++;
    if (retransmission) cell.synRetransmissions++;
  }

  /** Hands over the cells so far (one capture file's worth) and starts afresh. */
  take(): TcpSynCell[] {
    const taken = [...this.cells.values()];
    this.cells = new Map();
    return taken;
  }
}
