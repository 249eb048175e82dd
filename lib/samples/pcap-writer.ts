// Streaming pcap / pcapng writers for tests and benchmarks. Output goes to a callback in chunks
// of about 1 MiB, so a capture of any size can be written without holding it in memory.
import { encodeFrame, LINK_TYPE_OF, type LinkKind, type SyntheticPacket } from "./capture-frames";

export type ChunkWriter = (chunk: Uint8Array) => void;

const FLUSH_AT = 1 << 20;

/** Accumulates little pieces into ~1 MiB chunks in either byte order. */
class ByteSink {
  private buf = Buffer.alloc(FLUSH_AT + 65536);
  private n = 0;

  constructor(
    private readonly out: ChunkWriter,
    readonly bigEndian: boolean,
  ) {}

  private room(bytes: number): void {
    if (this.n + bytes <= this.buf.length) return;
    this.flush();
    if (bytes > this.buf.length) this.buf = Buffer.alloc(bytes);
  }

  u16(v: number): void {
    this.room(2);
    this.n = this.bigEndian ? this.buf.writeUInt16BE(v, this.n) : this.buf.writeUInt16LE(v, this.n);
  }

  u32(v: number): void {
    this.room(4);
    this.n = this.bigEndian ? this.buf.writeUInt32BE(v >>> 0, this.n) : this.buf.writeUInt32LE(v >>> 0, this.n);
  }

  i64(v: bigint): void {
    this.room(8);
    this.n = this.bigEndian ? this.buf.writeBigInt64BE(v, this.n) : this.buf.writeBigInt64LE(v, this.n);
  }

  bytes(b: Uint8Array, padTo = 1): void {
    const padded = Math.ceil(b.length / padTo) * padTo;
    this.room(padded);
    this.buf.set(b, this.n);
    this.buf.fill(0, this.n + b.length, this.n + padded);
    this.n += padded;
  }

  flush(): void {
    if (this.n === 0) return;
    this.out(Buffer.from(this.buf.subarray(0, this.n)));
    this.n = 0;
  }
}

export interface PacketWriteOptions {
  /** Nanoseconds within the microsecond (0–999), written by ns-resolution files. */
  subMicroNs?: number;
  /** Length on the wire; larger than the frame marks the frame as cut by the snaplen. */
  wireLength?: number;
}

export interface PcapWriterOptions {
  linkType: number;
  nanos?: boolean;
  bigEndian?: boolean;
  snaplen?: number;
}

export class PcapWriter {
  private readonly sink: ByteSink;
  private readonly nanos: boolean;

  constructor(out: ChunkWriter, options: PcapWriterOptions) {
    this.sink = new ByteSink(out, options.bigEndian ?? false);
    this.nanos = options.nanos ?? false;
    this.sink.u32(this.nanos ? 0xa1b23c4d : 0xa1b2c3d4);
    this.sink.u16(2);
    this.sink.u16(4);
    this.sink.u32(0);
    this.sink.u32(0);
    this.sink.u32(options.snaplen ?? 262144);
    this.sink.u32(options.linkType);
  }

  /** @param tsUs epoch microseconds (integer). */
  writePacket(tsUs: number, frame: Uint8Array, options: PacketWriteOptions = {}): void {
    const seconds = Math.floor(tsUs / 1e6);
    const micros = tsUs - seconds * 1e6;
    this.sink.u32(seconds);
    this.sink.u32(this.nanos ? micros * 1000 + (options.subMicroNs ?? 0) : micros);
    this.sink.u32(frame.length);
    this.sink.u32(options.wireLength ?? frame.length);
    this.sink.bytes(frame);
  }

  end(): void {
    this.sink.flush();
  }
}

export interface PcapngInterfaceOptions {
  linkType: number;
  /** The if_tsresol byte: N → 10^-N s, 0x80 | N → 2^-N s. Default 6 (µs). */
  tsresol?: number;
  /** if_tsoffset in seconds. */
  tsoffset?: number;
  snaplen?: number;
}

export interface PcapngWriterOptions {
  interfaces: PcapngInterfaceOptions[];
  bigEndian?: boolean;
}

/**
 * Writes one pcapng section (SHB + IDBs); call `section()` on a new writer with the same output
 * for a multi-section file. Timestamps are converted exactly: reading back floors to the same
 * µs for every resolution of 1 µs or finer (2^-N with N ≥ 20 is rounded up to make that so).
 */
export class PcapngWriter {
  private readonly sink: ByteSink;
  private readonly interfaces: PcapngInterfaceOptions[];

  constructor(out: ChunkWriter, options: PcapngWriterOptions) {
    this.sink = new ByteSink(out, options.bigEndian ?? false);
    this.interfaces = options.interfaces;
    this.block(0x0a0d0d0a, 16, () => {
      this.sink.u32(0x1a2b3c4d);
      this.sink.u16(1);
      this.sink.u16(0);
      this.sink.i64(-1n);
    });
    for (const i of this.interfaces) {
      const options: Array<[number, Uint8Array]> = [];
      if (i.tsresol !== undefined) options.push([9, Uint8Array.of(i.tsresol)]);
      if (i.tsoffset !== undefined) {
        const v = Buffer.alloc(8);
        if (this.sink.bigEndian) v.writeBigInt64BE(BigInt(i.tsoffset));
        else v.writeBigInt64LE(BigInt(i.tsoffset));
        options.push([14, v]);
      }
      const optionBytes = options.reduce((n, [, v]) => n + 4 + Math.ceil(v.length / 4) * 4, 0) + (options.length ? 4 : 0);
      this.block(1, 8 + optionBytes, () => {
        this.sink.u16(i.linkType);
        this.sink.u16(0);
        this.sink.u32(i.snaplen ?? 262144);
        this.options(options);
      });
    }
  }

  /** Enhanced Packet Block. */
  writePacket(interfaceId: number, tsUs: number, frame: Uint8Array, options: PacketWriteOptions = {}): void {
    const iface = this.interfaces[interfaceId];
    if (!iface) throw new Error(`no interface ${interfaceId}`);
    const ticks = toTicks(iface, tsUs, options.subMicroNs ?? 0);
    this.block(6, 20 + Math.ceil(frame.length / 4) * 4, () => {
      this.sink.u32(interfaceId);
      this.sink.u32(Number(ticks >> 32n));
      this.sink.u32(Number(ticks & 0xffffffffn));
      this.sink.u32(frame.length);
      this.sink.u32(options.wireLength ?? frame.length);
      this.sink.bytes(frame, 4);
    });
  }

  /** Simple Packet Block (no timestamp, interface 0). */
  writeSimplePacket(frame: Uint8Array): void {
    this.block(3, 4 + Math.ceil(frame.length / 4) * 4, () => {
      this.sink.u32(frame.length);
      this.sink.bytes(frame, 4);
    });
  }

  /** Any other block, e.g. a Name Resolution or custom block the reader must skip. */
  writeBlock(type: number, body: Uint8Array): void {
    this.block(type, Math.ceil(body.length / 4) * 4, () => this.sink.bytes(body, 4));
  }

  end(): void {
    this.sink.flush();
  }

  private block(type: number, bodyLength: number, body: () => void): void {
    this.sink.u32(type);
    this.sink.u32(bodyLength + 12);
    body();
    this.sink.u32(bodyLength + 12);
  }

  private options(options: Array<[number, Uint8Array]>): void {
    if (options.length === 0) return;
    for (const [code, value] of options) {
      this.sink.u16(code);
      this.sink.u16(value.length);
      this.sink.bytes(value, 4);
    }
    this.sink.u32(0); // opt_endofopt
  }
}

function toTicks(iface: PcapngInterfaceOptions, tsUs: number, subMicroNs: number): bigint {
  const resol = iface.tsresol ?? 6;
  const exponent = BigInt(resol & 0x7f);
  const ns = (BigInt(tsUs) - BigInt(iface.tsoffset ?? 0) * 1000000n) * 1000n + BigInt(subMicroNs);
  if (resol & 0x80) {
    const micros = ns / 1000n;
    return (micros * (1n << exponent) + 999999n) / 1000000n;
  }
  return (ns * 10n ** exponent) / 1000000000n;
}

/** A capture file of synthetic packets: link layer(s), container, byte order, resolution. */
export type CaptureFileFormat =
  | { type: "pcap"; link: LinkKind; nanos?: boolean; bigEndian?: boolean; snaplen?: number }
  | { type: "pcapng"; interfaces: Array<{ link: LinkKind; tsresol?: number; tsoffset?: number }>; bigEndian?: boolean };

export interface TimedPacket {
  tsUs: number;
  /** 0–999 ns within the µs, kept by ns-resolution files. */
  subMicroNs?: number;
  packet: SyntheticPacket;
}

/**
 * Encodes and writes packets in the given format. pcapng packets go round-robin over the
 * interfaces, so interfaces with different link types and resolutions interleave.
 */
export function createCaptureFileWriter(format: CaptureFileFormat, out: ChunkWriter): { write(p: TimedPacket): void; end(): void } {
  if (format.type === "pcap") {
    const w = new PcapWriter(out, { linkType: LINK_TYPE_OF[format.link], nanos: format.nanos, bigEndian: format.bigEndian, snaplen: format.snaplen });
    const snaplen = format.snaplen ?? Infinity;
    return {
      write: (p) => {
        const frame = encodeFrame(p.packet, format.link);
        const cut = frame.length > snaplen ? frame.subarray(0, snaplen) : frame;
        w.writePacket(p.tsUs, cut, { subMicroNs: p.subMicroNs, wireLength: frame.length });
      },
      end: () => w.end(),
    };
  }
  const interfaces = format.interfaces;
  const w = new PcapngWriter(out, {
    interfaces: interfaces.map((i) => ({ linkType: LINK_TYPE_OF[i.link], tsresol: i.tsresol, tsoffset: i.tsoffset })),
    bigEndian: format.bigEndian,
  });
  let n = 0;
  return {
    write: (p) => {
      const id = n++ % interfaces.length;
      w.writePacket(id, p.tsUs, encodeFrame(p.packet, interfaces[id]!.link), { subMicroNs: p.subMicroNs });
    },
    end: () => w.end(),
  };
}
