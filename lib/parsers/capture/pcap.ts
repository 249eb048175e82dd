// libpcap capture files (docs/docs/formats.md §3.1): both byte orders, µs and ns timestamps. The record
// loop and header reads are hand-written (byte arithmetic, no DataView/Buffer calls) for speed:
// this is the hot path of capture ingest (> 1M packets/s).
import type { FormatInfo, StreamParser } from "../types";
import type { CaptureParserOptions, CaptureSink } from "./packet";
import { headedCaptureParser, PacketFraming } from "./packet-framing";

const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;
/** Records longer than this and the snaplen mean a corrupt file (Wireshark's limit)… */
const MAX_RECORD = 262144;
/** …and a garbage snaplen may not raise the limit beyond this. */
const MAX_SNAPLEN_LIMIT = 1 << 24;

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;

/** The magic read as a big-endian u32, or -1 if there are fewer than 4 bytes. */
function magicOf(b: Uint8Array, off = 0): number {
  if (b.length - off < 4) return -1;
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

function isPcapMagic(m: number): boolean {
  return m === MAGIC_US || m === MAGIC_NS || m === swap32(MAGIC_US) || m === swap32(MAGIC_NS);
}

class PcapFraming extends PacketFraming {
  private headerSeen = false;
  private littleEndian = true;
  private nanos = false;
  private linkType = 0;
  private maxRecord = MAX_RECORD;

  /** Number of packet records seen (kept or not). */
  get records(): number {
    return this.frame;
  }

  get started(): boolean {
    return this.headerSeen;
  }

  headerLength(): number {
    return this.headerSeen ? RECORD_HEADER : GLOBAL_HEADER;
  }

  recordLength(b: Uint8Array, off: number): number {
    if (!this.headerSeen) {
      const magic = magicOf(b, off);
      if (isPcapMagic(magic)) return GLOBAL_HEADER;
      this.sink.reject({ line: 0, message: `not a pcap file (magic 0x${magic.toString(16).padStart(8, "0")})` });
      return -1;
    }
    const p = off + 8;
    const included = this.littleEndian
      ? (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0
      : ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
    if (included > this.maxRecord) {
      this.sink.reject({
        line: this.frame + 1,
        message: `captured length ${included} exceeds ${this.maxRecord}: corrupt file, stopped reading`,
      });
      return -1;
    }
    return RECORD_HEADER + included;
  }

  record(b: Uint8Array, off: number, length: number): boolean {
    if (!this.headerSeen) {
      this.readGlobalHeader(b, off);
      return true;
    }
    const le = this.littleEndian;
    const seconds = le
      ? (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0
      : ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
    const q = off + 4;
    const fraction = le
      ? (b[q]! | (b[q + 1]! << 8) | (b[q + 2]! << 16) | (b[q + 3]! << 24)) >>> 0
      : ((b[q]! << 24) | (b[q + 1]! << 16) | (b[q + 2]! << 8) | b[q + 3]!) >>> 0;
    const w = off + 12;
    const wire = le
      ? (b[w]! | (b[w + 1]! << 8) | (b[w + 2]! << 16) | (b[w + 3]! << 24)) >>> 0
      : ((b[w]! << 24) | (b[w + 1]! << 16) | (b[w + 2]! << 8) | b[w + 3]!) >>> 0;
    const ts = seconds * 1e6 + (this.nanos ? Math.floor(fraction / 1000) : fraction);
    const captured = length - RECORD_HEADER;
    this.sink.packet(this.decoder.decode(b, off + RECORD_HEADER, captured, wire, this.linkType, ++this.frame, ts, false, 0));
    return true;
  }

  private readGlobalHeader(b: Uint8Array, off: number): void {
    const magic = magicOf(b, off);
    this.littleEndian = magic === swap32(MAGIC_US) || magic === swap32(MAGIC_NS);
    this.nanos = magic === MAGIC_NS || magic === swap32(MAGIC_NS);
    const u32 = (p: number) =>
      this.littleEndian
        ? (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0
        : ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
    this.maxRecord = Math.min(Math.max(MAX_RECORD, u32(off + 16)), MAX_SNAPLEN_LIMIT);
    // Low 16 bits: the link type; the upper bits carry FCS information we do not need.
    this.linkType = u32(off + 20) & 0xffff;
    this.headerSeen = true;
  }
}

export function createPcapParser(sink: CaptureSink, options?: CaptureParserOptions): StreamParser {
  return headedCaptureParser(new PcapFraming(sink, options), sink, "pcap");
}

export const pcapFormat: FormatInfo = {
  kind: "pcap",
  label: "pcap capture (libpcap)",
  sniff: (head) => isPcapMagic(magicOf(head)),
};
