// pcapng capture files (docs/docs/formats.md §3.2): sections with their own byte order, several
// interfaces with if_tsresol / if_tsoffset, Enhanced, Simple and (obsolete) Packet Blocks.
// Other blocks are skipped by length; a bad block length stops the parse cleanly.
import type { FormatInfo, StreamParser } from "../types";
import type { CaptureParserOptions, CaptureSink } from "./packet";
import { PacketFraming } from "./packet-framing";
import { RecordStream } from "./record-stream";

const SHB = 0x0a0d0d0a;
const IDB = 1;
const PB = 2;
const SPB = 3;
const EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_ENDOFOPT = 0;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;
/** Larger blocks mean a corrupt length (a 16 MiB block is far beyond any real packet). */
const MAX_BLOCK = 1 << 24;
const TWO_32 = 4294967296;

interface Interface {
  /** Position among all IDBs of the file. */
  id: number;
  linkType: number;
  snaplen: number;
  /** µs = ticks × multiplier / divisor (+ offset); 1/1 and 1/1000 have fast paths. */
  multiplier: bigint;
  divisor: bigint;
  offsetUs: number;
}

function readU32(b: Uint8Array, p: number, le: boolean): number {
  return le
    ? (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0
    : ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
}

function readU16(b: Uint8Array, p: number, le: boolean): number {
  return le ? b[p]! | (b[p + 1]! << 8) : (b[p]! << 8) | b[p + 1]!;
}

/** Ticks (ts_high, ts_low) → epoch µs, floored; exact integer arithmetic for every resolution. */
function toMicros(i: Interface, high: number, low: number): number {
  if (i.divisor === 1n && i.multiplier === 1n) return i.offsetUs + high * TWO_32 + low;
  if (i.divisor === 1000n && i.multiplier === 1n) {
    const qh = Math.floor(high / 1000);
    return i.offsetUs + qh * TWO_32 + Math.floor(((high - qh * 1000) * TWO_32 + low) / 1000);
  }
  const ticks = (BigInt(high) << 32n) | BigInt(low);
  return i.offsetUs + Number((ticks * i.multiplier) / i.divisor);
}

class PcapngFraming extends PacketFraming {
  private littleEndian = true;
  private interfaces: Interface[] = [];
  private interfaceCount = 0;
  private blocks = 0;
  private lastTs: number | null = null;

  get blockCount(): number {
    return this.blocks;
  }

  headerLength(): number {
    return 12;
  }

  recordLength(b: Uint8Array, off: number): number {
    const type = readU32(b, off, false);
    let le = this.littleEndian;
    if (type === SHB) {
      if (readU32(b, off + 8, false) === BYTE_ORDER_MAGIC) le = false;
      else if (readU32(b, off + 8, true) === BYTE_ORDER_MAGIC) le = true;
      else return this.stop(`block ${this.blocks + 1}: bad byte-order magic`);
    } else if (this.blocks === 0) {
      return this.stop(`not a pcapng file (first block type 0x${type.toString(16).padStart(8, "0")})`, 0);
    }
    const length = readU32(b, off + 4, le);
    if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
      return this.stop(`block ${this.blocks + 1}: bad block length ${length}`);
    }
    return length;
  }

  record(b: Uint8Array, off: number, length: number): boolean {
    const n = ++this.blocks;
    if (readU32(b, off, false) === SHB) this.littleEndian = readU32(b, off + 8, true) === BYTE_ORDER_MAGIC;
    const le = this.littleEndian;
    if (readU32(b, off + length - 4, le) !== length) {
      this.stop(`block ${n}: trailing block length does not match`);
      return false;
    }
    switch (readU32(b, off, le)) {
      case SHB:
        return this.sectionHeader(b, off, n);
      case IDB:
        this.interfaceDescription(b, off, length, n);
        return true;
      case EPB:
        this.packet(b, off, length, n, readU32(b, off + 8, le), 32);
        return true;
      case PB:
        this.packet(b, off, length, n, readU16(b, off + 8, le), 32);
        return true;
      case SPB:
        this.simplePacket(b, off, length, n);
        return true;
      default:
        return true; // NRB, ISB, DSB, custom and local blocks: skipped by length
    }
  }

  private sectionHeader(b: Uint8Array, off: number, n: number): boolean {
    const major = readU16(b, off + 12, this.littleEndian);
    if (major !== 1) {
      this.stop(`block ${n}: unsupported pcapng version ${major}`);
      return false;
    }
    this.interfaces = [];
    return true;
  }

  private interfaceDescription(b: Uint8Array, off: number, length: number, n: number): void {
    const le = this.littleEndian;
    const iface: Interface = {
      id: this.interfaceCount++,
      linkType: readU16(b, off + 8, le),
      snaplen: length >= 20 ? readU32(b, off + 12, le) : 0,
      multiplier: 1n,
      divisor: 1n,
      offsetUs: 0,
    };
    const end = off + length - 4;
    for (let p = off + 16; p + 4 <= end; ) {
      const code = readU16(b, p, le);
      const optionLength = readU16(b, p + 2, le);
      if (code === OPT_ENDOFOPT || p + 4 + optionLength > end) break;
      if (code === IF_TSRESOL && optionLength >= 1) {
        const r = b[p + 4]!;
        const exponent = BigInt(r & 0x7f);
        if (r & 0x80) [iface.multiplier, iface.divisor] = [1000000n, 1n << exponent];
        else if (exponent <= 6n) [iface.multiplier, iface.divisor] = [10n ** (6n - exponent), 1n];
        else [iface.multiplier, iface.divisor] = [1n, 10n ** (exponent - 6n)];
      } else if (code === IF_TSOFFSET && optionLength >= 8) {
        const view = new DataView(b.buffer, b.byteOffset + p + 4, 8);
        iface.offsetUs = Number(view.getBigInt64(0, le)) * 1e6;
      }
      p += 4 + ((optionLength + 3) & ~3);
    }
    if (length < 20) this.sink.reject({ line: n, message: `block ${n}: interface description too short` });
    this.interfaces.push(iface);
  }

  /** EPB and obsolete PB: same layout after the interface id. */
  private packet(b: Uint8Array, off: number, length: number, n: number, interfaceIndex: number, header: number): void {
    const le = this.littleEndian;
    const frame = ++this.frame;
    if (length < header) return this.reject(n, frame, "packet block too short");
    const iface = this.interfaces[interfaceIndex];
    if (!iface) return this.reject(n, frame, `unknown interface ${interfaceIndex}`);
    const captured = readU32(b, off + 20, le);
    if (captured > length - header) return this.reject(n, frame, `captured length ${captured} exceeds the block`);
    const ts = toMicros(iface, readU32(b, off + 12, le), readU32(b, off + 16, le));
    this.lastTs = ts;
    const wire = readU32(b, off + 24, le);
    this.sink.packet(this.decoder.decode(b, off + 28, captured, wire, iface.linkType, frame, ts, false, iface.id));
  }

  /** SPB: no timestamp or interface id (interface 0); captured length from the block length. */
  private simplePacket(b: Uint8Array, off: number, length: number, n: number): void {
    const frame = ++this.frame;
    const iface = this.interfaces[0];
    if (length < 16) return this.reject(n, frame, "simple packet block too short");
    if (!iface) return this.reject(n, frame, "simple packet block without an interface");
    if (this.lastTs === null) return this.reject(n, frame, "simple packet block before any timestamped packet");
    const wire = readU32(b, off + 8, this.littleEndian);
    const captured = Math.min(wire, length - 16, iface.snaplen > 0 ? iface.snaplen : Infinity);
    this.sink.packet(this.decoder.decode(b, off + 12, captured, wire, iface.linkType, frame, this.lastTs, true, iface.id));
  }

  private reject(block: number, frame: number, message: string): void {
    this.sink.reject({ line: block, message: `block ${block} (packet ${frame}): ${message}` });
  }

  /** Reports why the parse stops; returns -1 for recordLength(). */
  private stop(message: string, line = this.blocks + 1): number {
    this.sink.reject({ line, message: `${message}; stopped reading` });
    return -1;
  }
}

export function createPcapngParser(sink: CaptureSink, options?: CaptureParserOptions): StreamParser {
  const framing = new PcapngFraming(sink, options);
  const stream = new RecordStream(framing);
  let bytes = 0;
  return {
    write(chunk) {
      bytes += chunk.length;
      stream.write(chunk);
    },
    end() {
      framing.finishDecoding();
      if (stream.isStopped) return;
      if (bytes === 0) sink.reject({ line: 0, message: "empty file" });
      else if (stream.pendingBytes > 0) {
        const n = framing.blockCount + 1;
        sink.reject({ line: n, message: `file ends inside block ${n} (${stream.pendingBytes} bytes of it present)` });
      }
    },
  };
}

export const pcapngFormat: FormatInfo = {
  kind: "pcapng",
  label: "pcapng capture",
  sniff: (head) => head.length >= 4 && readU32(head, 0, false) === SHB,
};
