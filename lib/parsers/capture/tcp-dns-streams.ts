// DNS over TCP (RFC 7766: each message behind a 2-byte length) reassembled per connection and
// direction, so a message split over segments is decoded at the segment that completes it and
// timed there (Wireshark's timing with reassembly on). Sequence numbers decide: a segment whose
// bytes were all read already is a retransmission (skipped), an overlap is trimmed, a segment
// ahead of the next expected byte waits until the gap fills.
//
// Memory is bounded: at most `maxStreams` streams (least recently used evicted), `idleUs` of
// capture time without a segment ends a stream, a stream buffers at most one message plus a
// segment and `maxHeldSegments` early segments, and all streams together at most
// `maxBufferedBytes`. Whatever is given up is counted by reason (ReassemblyReport), never dropped
// silently. Only segments with payload on DNS streams come here: the decoder's fast path for any
// other packet is untouched.
import * as dnsWire from "./dns-message";
import type { DnsMessage } from "./dns-message";
import { looksLikeTcpDns } from "./dns-sniff";
import { ReasonCounts } from "./reassembly-report";

const { decodeDnsMessage } = dnsWire;

export interface TcpDnsStreamOptions {
  /** Default 10 000. */
  maxStreams?: number;
  /** Default 60 s of capture time. */
  idleUs?: number;
  /** Segments held ahead of a gap per stream; default 32. */
  maxHeldSegments?: number;
  /** Bytes buffered by all streams together; default 32 MiB. */
  maxBufferedBytes?: number;
}

const SYN = 0x02;
const FIN = 0x01;
const RST = 0x04;
/** One message (2 + 65 535 bytes) plus a segment: a stream never needs more in order. */
const MAX_STREAM_BYTES = 2 * 65_537;
const SWEEP_US = 1_000_000;

export const GAVE_UP = {
  gap: "a TCP segment was not captured (gap in the stream)",
  snaplen: "message cut by the snaplen",
  closed: "connection closed mid-message",
  idle: "stream idle for 60 s mid-message",
  evicted: "too many open DNS-over-TCP streams (least recently used dropped)",
  memory: "reassembly memory cap reached",
  tooLong: "stream buffer over 128 KiB",
  ended: "capture ended mid-message",
  notAtBoundary: "segments after a gap not at a DNS message boundary",
} as const;

interface Held {
  seq: number;
  bytes: Uint8Array;
}

interface Stream {
  /** Next expected sequence number (u32). */
  next: number;
  /** Bytes from a message boundary not yet making a whole message. */
  buf: Uint8Array | null;
  len: number;
  /** Segments ahead of a gap, in arrival order. */
  held: Held[] | null;
  heldBytes: number;
  /** Bytes of an abandoned message still to come (skipped as they arrive). */
  skip: number;
  /** After a gap of unknown extent: the next data must look like a message start. */
  resync: boolean;
  lastTs: number;
  /** Found by content (not by port): the decoder marks its messages. */
  byContent: boolean;
}

const rel = (a: number, b: number) => (a - b) | 0;

export class TcpDnsStreams {
  private readonly streams = new Map<string, Stream>();
  private readonly maxStreams: number;
  private readonly idleUs: number;
  private readonly maxHeld: number;
  private readonly maxBuffered: number;
  private buffered = 0;
  private nextSweep = -Infinity;
  /** Streams found by content, by port (either side): the decoder looks such a port's segments up. */
  readonly contentPorts = new Uint16Array(65536);
  readonly givenUp = new ReasonCounts();
  messages = 0;
  retransmissions = 0;
  /** Set by segment() when a message in it was too short to decode (the packet's `malformed`). */
  malformed: string | null = null;
  outOfOrder = 0;

  constructor(options: TcpDnsStreamOptions = {}) {
    this.maxStreams = options.maxStreams ?? 10_000;
    this.idleUs = options.idleUs ?? 60_000_000;
    this.maxHeld = options.maxHeldSegments ?? 32;
    this.maxBuffered = options.maxBufferedBytes ?? 32 * 1024 * 1024;
  }

  get size(): number {
    return this.streams.size;
  }

  has(key: string): boolean {
    return this.streams.has(key);
  }

  byContent(key: string): boolean {
    return this.streams.get(key)?.byContent ?? false;
  }

  /**
   * One segment of the stream `key` (src, ports, dst: one direction): its sequence number and
   * flags, payload b[start, capturedEnd) of `length` bytes on the wire. Appends the messages it
   * completes to `out`. `byContent` marks a stream recognised by content instead of by port.
   */
  segment(key: string, seq: number, flags: number, b: Uint8Array, start: number, capturedEnd: number, length: number, ts: number, out: DnsMessage[], byContent = false): void {
    this.malformed = null;
    if (ts >= this.nextSweep) this.sweep(ts);
    let st = this.streams.get(key);
    if (st && flags & SYN) {
      this.close(key, st, GAVE_UP.closed);
      st = undefined;
    }
    if (!st) st = this.open(key, flags & SYN ? (seq + 1) >>> 0 : seq, byContent);
    else {
      // Most recently used at the end: eviction takes the front.
      this.streams.delete(key);
      this.streams.set(key, st);
    }
    st.lastTs = ts;
    if (flags & SYN) seq = (seq + 1) >>> 0;
    if (length > 0) this.data(st, seq, b, start, capturedEnd, length, out);
    if (flags & (FIN | RST)) this.close(key, st, GAVE_UP.closed);
    else if (this.buffered > this.maxBuffered) this.shed(key);
  }

  /** A FIN or RST without payload on a DNS port: ends the stream if there is one. */
  control(key: string, flags: number): void {
    const st = this.streams.get(key);
    if (!st) return;
    if (flags & SYN) this.close(key, st, GAVE_UP.closed);
    else if (flags & (FIN | RST)) this.close(key, st, GAVE_UP.closed);
  }

  /** End of the capture: every message still incomplete is given up. */
  finish(): void {
    for (const [key, st] of this.streams) this.close(key, st, GAVE_UP.ended);
  }

  private open(key: string, next: number, byContent: boolean): Stream {
    if (this.streams.size >= this.maxStreams) {
      const [oldKey, old] = this.streams.entries().next().value!;
      this.close(oldKey, old, GAVE_UP.evicted);
    }
    const st: Stream = { next, buf: null, len: 0, held: null, heldBytes: 0, skip: 0, resync: false, lastTs: 0, byContent };
    this.streams.set(key, st);
    if (byContent) this.markPorts(key, 1);
    return st;
  }

  private close(key: string, st: Stream, reason: string): void {
    if (st.len > 0) this.givenUp.add(reason);
    if (st.held) this.givenUp.add(GAVE_UP.gap);
    this.buffered -= (st.buf?.length ?? 0) + st.heldBytes;
    this.streams.delete(key);
    if (st.byContent) this.markPorts(key, -1);
  }

  private markPorts(key: string, delta: number): void {
    const [, srcPort, , dstPort] = key.split(" ");
    this.contentPorts[Number(srcPort)]! += delta;
    this.contentPorts[Number(dstPort)]! += delta;
  }

  private data(st: Stream, seq: number, b: Uint8Array, start: number, capturedEnd: number, length: number, out: DnsMessage[]): void {
    const d = rel(seq, st.next);
    if (d > 0) return this.hold(st, seq, b, start, capturedEnd, length, out);
    if (d < 0) {
      if (d + length <= 0) {
        this.retransmissions++;
        return;
      }
      start -= d; // overlap: the bytes before st.next were read already
      length += d;
      if (start > capturedEnd) capturedEnd = start;
    }
    this.feed(st, b, start, capturedEnd, length, out);
    if (st.held) this.drain(st, out);
  }

  /** In-order bytes: b[start, capturedEnd) of `length` (capturedEnd < start + length when cut). */
  private feed(st: Stream, b: Uint8Array, start: number, capturedEnd: number, length: number, out: DnsMessage[]): void {
    st.next = (st.next + length) >>> 0;
    const end = start + length;
    if (capturedEnd > end) capturedEnd = end;
    if (st.skip > 0) {
      const n = Math.min(st.skip, length);
      st.skip -= n;
      start += n;
      if (start >= end) return;
    }
    if (st.len === 0) {
      if (st.resync) {
        if (!looksLikeTcpDns(b, start, capturedEnd)) return this.givenUp.add(GAVE_UP.notAtBoundary);
        st.resync = false;
      }
      const q = this.walk(b, start, capturedEnd, end, out, -1);
      if (q < end) this.keep(st, b, q, capturedEnd, end);
      return;
    }
    if (capturedEnd < end) {
      // The pending message cannot be completed from a cut segment: drop it, skip its rest.
      this.givenUp.add(GAVE_UP.snaplen);
      const messageEnd = st.len >= 2 ? 2 + ((st.buf![0]! << 8) | st.buf![1]!) - st.len : -1;
      this.clear(st);
      if (messageEnd >= 0 && messageEnd <= length) {
        start += messageEnd;
        const q = this.walk(b, start, capturedEnd, end, out, -1);
        if (q < end) this.keep(st, b, q, capturedEnd, end);
      } else if (messageEnd > length) st.skip = messageEnd - length;
      else st.resync = true;
      return;
    }
    const pending = st.len;
    if (!this.append(st, b, start, end)) return;
    const buf = st.buf!;
    const q = this.walk(buf, 0, st.len, st.len, out, pending);
    if (q === st.len) this.clear(st);
    else if (q > 0) {
      buf.copyWithin(0, q, st.len);
      st.len -= q;
    }
  }

  /**
   * Decodes the whole messages in b[p, end) (captured up to capturedEnd); returns where the first
   * incomplete one starts. Messages starting before `continued` span segments (counted).
   */
  private walk(b: Uint8Array, p: number, capturedEnd: number, end: number, out: DnsMessage[], continued: number): number {
    while (p + 2 <= end) {
      if (p + 2 > capturedEnd) return p;
      const length = (b[p]! << 8) | b[p + 1]!;
      const messageEnd = p + 2 + length;
      if (messageEnd > end) return p;
      const msg = decodeDnsMessage(b, p + 2, Math.min(messageEnd, capturedEnd), length);
      if (msg) out.push(msg);
      else if (length < 12) this.malformed = "DNS message shorter than its header";
      if (p < continued) this.messages++;
      p = messageEnd;
    }
    return p;
  }

  /** Keeps b[q, end) (an incomplete message) for the next segments, unless the snaplen cut it. */
  private keep(st: Stream, b: Uint8Array, q: number, capturedEnd: number, end: number): void {
    if (capturedEnd < end) {
      this.givenUp.add(GAVE_UP.snaplen);
      if (q + 2 <= capturedEnd) st.skip = q + 2 + ((b[q]! << 8) | b[q + 1]!) - end;
      else st.resync = true;
      return;
    }
    this.append(st, b, q, end);
  }

  private append(st: Stream, b: Uint8Array, from: number, to: number): boolean {
    const need = st.len + (to - from);
    if (need > MAX_STREAM_BYTES) {
      this.givenUp.add(GAVE_UP.tooLong);
      this.clear(st);
      st.resync = true;
      return false;
    }
    if (!st.buf || st.buf.length < need) {
      const grown = new Uint8Array(Math.min(MAX_STREAM_BYTES, Math.max(need, 2 * (st.buf?.length ?? 0), 512)));
      if (st.buf) grown.set(st.buf.subarray(0, st.len));
      this.buffered += grown.length - (st.buf?.length ?? 0);
      st.buf = grown;
    }
    st.buf.set(b.subarray(from, to), st.len);
    st.len = need;
    return true;
  }

  private clear(st: Stream): void {
    this.buffered -= st.buf?.length ?? 0;
    st.buf = null;
    st.len = 0;
  }

  /** A segment ahead of st.next: kept (a copy) until the gap before it fills, within the caps. */
  private hold(st: Stream, seq: number, b: Uint8Array, start: number, capturedEnd: number, length: number, out: DnsMessage[]): void {
    if (capturedEnd - start < length) {
      this.givenUp.add(GAVE_UP.snaplen);
      return;
    }
    this.outOfOrder++;
    (st.held ??= []).push({ seq, bytes: b.slice(start, start + length) });
    st.heldBytes += length;
    this.buffered += length;
    if (st.held.length > this.maxHeld || st.heldBytes > MAX_STREAM_BYTES) this.skipGap(st, out);
  }

  /** Reads held segments that are now in order; the rest stay held. */
  private drain(st: Stream, out: DnsMessage[]): void {
    for (let progress = true; progress && st.held; ) {
      progress = false;
      for (let i = 0; i < st.held.length; i++) {
        const h = st.held[i]!;
        const d = rel(h.seq, st.next);
        if (d > 0) continue;
        st.held.splice(i, 1);
        st.heldBytes -= h.bytes.length;
        this.buffered -= h.bytes.length;
        if (st.held.length === 0) st.held = null;
        if (d + h.bytes.length > 0) this.feed(st, h.bytes, -d, h.bytes.length, h.bytes.length + d, out);
        progress = true;
        break;
      }
    }
  }

  /**
   * The gap before the held segments will not fill (too much held, or the stream must shed
   * memory): the pending message is given up and reading resumes at the earliest held segment —
   * at the next message boundary when the pending message's length says where that is.
   */
  private skipGap(st: Stream, out: DnsMessage[]): void {
    if (!st.held) return;
    let first = st.held[0]!;
    for (const h of st.held) if (rel(h.seq, first.seq) < 0) first = h;
    this.givenUp.add(GAVE_UP.gap);
    const boundary = st.len >= 2 ? (st.next - st.len + 2 + ((st.buf![0]! << 8) | st.buf![1]!)) >>> 0 : -1;
    this.clear(st);
    st.skip = 0;
    if (boundary >= 0 && rel(boundary, first.seq) >= 0) st.skip = rel(boundary, first.seq);
    else st.resync = true;
    st.next = first.seq;
    this.drain(st, out);
  }

  /** Over the memory cap: drop the least recently used streams' buffers (not the current one's). */
  private shed(current: string): void {
    for (const [key, st] of this.streams) {
      if (this.buffered <= this.maxBuffered) return;
      if (key === current || (st.len === 0 && !st.held)) continue;
      this.close(key, st, GAVE_UP.memory);
    }
  }

  private sweep(ts: number): void {
    const cutoff = ts - this.idleUs;
    for (const [key, st] of this.streams) {
      if (st.lastTs >= cutoff) break;
      this.close(key, st, GAVE_UP.idle);
    }
    this.nextSweep = ts + SWEEP_US;
  }
}
