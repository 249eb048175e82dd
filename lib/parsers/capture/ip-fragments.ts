// IPv4 and IPv6 fragment reassembly. Fragments are held by (version, src, dst, protocol, id);
// when the last hole fills, the datagram is handed back for decoding (UDP/TCP/DNS) at that
// fragment, with its timestamp, as Wireshark does. Overlaps that disagree discard the datagram
// (RFC 5722); exact repeats are ignored. Memory is bounded: a datagram waits at most `timeoutUs`
// of capture time (Linux's ipfrag_time, 30 s), at most `maxDatagrams` wait at once and hold at
// most `maxBytes` together (the oldest go first). Every fragment of a datagram that is never
// decoded is counted under a reason; it still counts as an IP packet.
import type { IpResult } from "./ip";
import { ReasonCounts } from "./reassembly-report";

export interface IpFragmentOptions {
  /** Default 30 s. */
  timeoutUs?: number;
  /** Default 4 096. */
  maxDatagrams?: number;
  /** Default 16 MiB. */
  maxBytes?: number;
}

export const FRAGMENTS_GAVE_UP = {
  timeout: "datagram never completed (no fragment for 30 s)",
  ended: "datagram never completed (capture ended)",
  snaplen: "fragment cut by the snaplen",
  overlap: "overlapping fragments with different bytes (discarded, RFC 5722)",
  length: "fragments disagree on the datagram's length",
  tooLong: "reassembled datagram over 65 535 bytes",
  evicted: "too many incomplete datagrams (oldest dropped)",
  memory: "fragment memory cap reached (oldest dropped)",
  noTransport: "first fragment has no transport header",
} as const;

interface Part {
  offset: number;
  bytes: Uint8Array;
}

interface Datagram {
  firstTs: number;
  parts: Part[];
  /** Fragments seen, the ones discarded included (what a give-up counts). */
  fragments: number;
  bytes: number;
  /** Known from the fragment without MF; -1 until then. */
  total: number;
  /** From the first fragment: the transport header's offset in the data, and its protocol. -1 until then. */
  l4Skip: number;
  protocol: number;
  /** Given up: later fragments are only counted until the timeout. */
  dead: string | null;
}

/** A reassembled datagram: its transport header and payload are data[l4Skip, data.length). */
export interface Reassembled {
  data: Uint8Array;
  l4Skip: number;
  protocol: number;
}

const MAX_DATAGRAM = 65_535;
const SWEEP_US = 1_000_000;

export class IpFragments {
  private readonly pending = new Map<string, Datagram>();
  private readonly timeoutUs: number;
  private readonly maxDatagrams: number;
  private readonly maxBytes: number;
  private held = 0;
  private nextSweep = -Infinity;
  readonly givenUp = new ReasonCounts();
  datagrams = 0;
  duplicates = 0;

  constructor(options: IpFragmentOptions = {}) {
    this.timeoutUs = options.timeoutUs ?? 30_000_000;
    this.maxDatagrams = options.maxDatagrams ?? 4096;
    this.maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * One fragment (`ip` as decodeIp left it, its bytes in b, captured up to `capturedEnd`).
   * Returns the whole datagram when this fragment completes it, else null.
   */
  add(ip: IpResult, b: Uint8Array, capturedEnd: number, ts: number): Reassembled | null {
    if (ts >= this.nextSweep) this.sweep(ts);
    const key = `${ip.version} ${ip.src} ${ip.dst} ${ip.fragProtocol} ${ip.fragId}`;
    let d = this.pending.get(key);
    if (!d) {
      if (this.pending.size >= this.maxDatagrams) this.dropOldest(FRAGMENTS_GAVE_UP.evicted);
      d = { firstTs: ts, parts: [], fragments: 0, bytes: 0, total: -1, l4Skip: -1, protocol: 0, dead: null };
      this.pending.set(key, d);
    }
    d.fragments++;
    if (d.dead) return null;
    const length = ip.fragEnd - ip.fragStart;
    if (ip.fragEnd > capturedEnd) return this.kill(d, FRAGMENTS_GAVE_UP.snaplen);
    const offset = ip.fragOffset;
    if (offset + length > MAX_DATAGRAM) return this.kill(d, FRAGMENTS_GAVE_UP.tooLong);
    if (!ip.moreFragments) {
      if (d.total >= 0 && d.total !== offset + length) return this.kill(d, FRAGMENTS_GAVE_UP.length);
      d.total = offset + length;
    }
    if (offset === 0) {
      if (ip.l4Offset < 0) return this.kill(d, FRAGMENTS_GAVE_UP.noTransport);
      d.l4Skip = ip.l4Offset - ip.fragStart;
      d.protocol = ip.protocol;
    }
    const verdict = this.overlap(d, b, ip.fragStart, offset, length);
    if (verdict === "conflict") return this.kill(d, FRAGMENTS_GAVE_UP.overlap);
    if (verdict === "duplicate") {
      this.duplicates++;
      return null;
    }
    d.parts.push({ offset, bytes: b.slice(ip.fragStart, ip.fragStart + length) });
    d.bytes += length;
    this.held += length;
    if (d.total >= 0 && d.parts.some((p) => p.offset + p.bytes.length > d.total)) return this.kill(d, FRAGMENTS_GAVE_UP.length);
    if (this.held > this.maxBytes) {
      while (this.held > this.maxBytes && this.pending.size > 1) {
        const [oldKey] = this.pending.keys();
        if (oldKey === key) break;
        this.dropOldest(FRAGMENTS_GAVE_UP.memory);
      }
    }
    if (d.total < 0 || d.l4Skip < 0) return null;
    const data = this.assemble(d);
    if (!data) return null;
    this.pending.delete(key);
    this.held -= d.bytes;
    this.datagrams++;
    return { data, l4Skip: d.l4Skip, protocol: d.protocol };
  }

  /** End of the capture: every datagram still waiting is given up. */
  finish(): void {
    for (const d of this.pending.values()) this.release(d, FRAGMENTS_GAVE_UP.ended);
    this.pending.clear();
  }

  /** "duplicate" (these exact bytes are held), "conflict" (an overlap that disagrees) or "new". */
  private overlap(d: Datagram, b: Uint8Array, start: number, offset: number, length: number): "new" | "duplicate" | "conflict" {
    for (const p of d.parts) {
      const from = Math.max(offset, p.offset);
      const to = Math.min(offset + length, p.offset + p.bytes.length);
      if (from >= to) continue;
      for (let i = from; i < to; i++) if (b[start + i - offset] !== p.bytes[i - p.offset]) return "conflict";
      if (p.offset === offset && p.bytes.length === length) return "duplicate";
    }
    return "new";
  }

  /** The datagram's bytes when the parts cover 0..total without a hole; null otherwise. */
  private assemble(d: Datagram): Uint8Array | null {
    d.parts.sort((a, b) => a.offset - b.offset);
    let covered = 0;
    for (const p of d.parts) {
      if (p.offset > covered) return null;
      covered = Math.max(covered, p.offset + p.bytes.length);
    }
    if (covered < d.total) return null;
    const data = new Uint8Array(d.total);
    for (const p of d.parts) data.set(p.bytes, p.offset);
    return data;
  }

  private kill(d: Datagram, reason: string): null {
    this.held -= d.bytes;
    d.parts = [];
    d.bytes = 0;
    d.dead = reason;
    return null;
  }

  private release(d: Datagram, reason: string): void {
    this.held -= d.bytes;
    this.givenUp.add(d.dead ?? reason, d.fragments);
  }

  private dropOldest(reason: string): void {
    const [key, d] = this.pending.entries().next().value!;
    this.pending.delete(key);
    this.release(d, reason);
  }

  private sweep(ts: number): void {
    const cutoff = ts - this.timeoutUs;
    for (const [key, d] of this.pending) {
      if (d.firstTs >= cutoff) break;
      this.pending.delete(key);
      this.release(d, FRAGMENTS_GAVE_UP.timeout);
    }
    this.nextSweep = ts + SWEEP_US;
  }
}
