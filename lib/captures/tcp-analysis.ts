// Per-second TCP packet counts by flag class (the classes flow logs use) and SYN
// retransmissions: a SYN (without ACK) with the same 4-tuple and sequence number as an earlier
// SYN — a connect() retry that got no SYN-ACK. Non-TCP packets are not counted here.
import { flagClass, type FlagClass } from "@/lib/flows/flag-class";
import type { CapturePacket } from "@/lib/parsers/capture/packet";

export type TcpSecondCounts = Record<FlagClass, number> & { synRetransmissions: number };

export interface TcpAnalysisOptions {
  /** SYNs are remembered this long after they were last seen. Default 180 s (Linux gives up after ~127 s). */
  synHorizonUs?: number;
  /** Hard cap on remembered SYNs (oldest forgotten first). Default 1 000 000. */
  maxTrackedSyns?: number;
}

const SECOND = 1_000_000;
const SYN = 0x02;
const ACK = 0x10;

function emptyTcpCounts(): TcpSecondCounts {
  return { syn: 0, synack: 0, rst: 0, fin: 0, other: 0, none: 0, synRetransmissions: 0 };
}

export class TcpAnalyzer {
  /** Epoch second → counts (since the start, or since the last takeSeconds()). */
  private secondsMap = new Map<number, TcpSecondCounts>();
  // 4-tuple + seq → last time seen; insertion order = last-seen order (re-inserted on each hit).
  private readonly syns = new Map<string, number>();
  private readonly horizonUs: number;
  private readonly maxTracked: number;
  private currentSecond = NaN;
  private current: TcpSecondCounts = emptyTcpCounts();
  private nextExpiryCheck = -Infinity;

  constructor(options: TcpAnalysisOptions = {}) {
    this.horizonUs = options.synHorizonUs ?? 180 * SECOND;
    this.maxTracked = options.maxTrackedSyns ?? 1_000_000;
  }

  packet(p: CapturePacket): void {
    if (p.tcp === null) return;
    const second = Math.floor(p.ts / SECOND);
    if (second !== this.currentSecond) {
      this.currentSecond = second;
      let counts = this.secondsMap.get(second);
      if (!counts) this.secondsMap.set(second, (counts = emptyTcpCounts()));
      this.current = counts;
    }
    const flags = p.tcp.flags;
    this.current[flagClass(flags, 6)]++;
    if ((flags & (SYN | ACK)) === SYN) this.syn(p);
  }

  get seconds(): Map<number, TcpSecondCounts> {
    return this.secondsMap;
  }

  /**
   * Hands over the counts so far and starts a fresh map, keeping the SYN memory: the counts of
   * each file of a rotated capture go to that file's upload, while a SYN retransmitted in the
   * next file is still recognised.
   */
  takeSeconds(): Map<number, TcpSecondCounts> {
    const taken = this.secondsMap;
    this.secondsMap = new Map();
    this.currentSecond = NaN;
    return taken;
  }

  /** Distinct SYNs currently remembered. */
  get trackedSyns(): number {
    return this.syns.size;
  }

  private syn(p: CapturePacket): void {
    const k = `${p.src}|${p.srcPort}|${p.dst}|${p.dstPort}|${p.tcp!.seq}`;
    const last = this.syns.get(k);
    if (last !== undefined) {
      if (p.ts - last <= this.horizonUs) this.current.synRetransmissions++;
      this.syns.delete(k);
    }
    this.syns.set(k, p.ts);
    if (p.ts >= this.nextExpiryCheck || this.syns.size > this.maxTracked) this.expire(p.ts);
  }

  private expire(now: number): void {
    const cutoff = now - this.horizonUs;
    for (const [k, seen] of this.syns) {
      if (seen >= cutoff && this.syns.size <= this.maxTracked) break;
      this.syns.delete(k);
    }
    this.nextExpiryCheck = now + SECOND;
  }
}
