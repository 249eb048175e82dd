// Scheduling helpers for the synthetic capture generators: a seeded PRNG and a min-heap of
// future packets ordered by (time, insertion order).
import type { SyntheticPacket } from "./capture-frames";

export type TcpClass = "syn" | "synack" | "rst" | "fin" | "other";

export interface ScheduledPacket {
  tsUs: number;
  seq: number;
  packet: SyntheticPacket;
  /** Flag class of a TCP packet, for the truth counts. */
  tcpClass?: TcpClass;
  synRetransmission?: boolean;
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class EventHeap {
  private readonly items: ScheduledPacket[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): ScheduledPacket | undefined {
    return this.items[0];
  }
  push(e: ScheduledPacket): void {
    const h = this.items;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }
  pop(): ScheduledPacket {
    const h = this.items;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: ScheduledPacket, b: ScheduledPacket): boolean {
  return a.tsUs < b.tsUs || (a.tsUs === b.tsUs && a.seq < b.seq);
}

/** Standard normal variate (Box–Muller). */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
