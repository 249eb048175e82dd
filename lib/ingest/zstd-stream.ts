// Streaming Zstandard decoding with fzstd (pure JS; see ARCHITECTURE.md). fzstd decodes every
// complete block of what it is given in one call and allocates each frame's window up front,
// so the input is walked here first, block header by block header: a frame asking for a
// window above the zstd CLI's default limit is refused before anything is allocated, and the
// input is handed to fzstd in pieces that each decode to at most about PIECE_OUTPUT bytes,
// which the caller consumes before the next piece. Memory stays bounded whatever the ratio.
import { Decompress } from "fzstd";

export const ZSTD_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE = 0x184d2a50;
/** `zstd -d` refuses larger windows unless told --memory/--long=31 (ZSTD_WINDOWLOG_LIMIT_DEFAULT). */
export const MAX_WINDOW = 1 << 27;
const BLOCK_MAX = 128 * 1024;
const PIECE_OUTPUT = 4 * 1024 * 1024;

export class ZstdFormatError extends Error {}

/** A frame whose window is above MAX_WINDOW: refused before fzstd allocates it. */
export class ZstdWindowError extends Error {
  constructor(readonly window: number) {
    super(`a zstd frame asks for a ${window}-byte window, more than the ${MAX_WINDOW} zstd -d allows by default`);
  }
}

const u32le = (b: Uint8Array, p: number) => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;

export const startsLikeZstd = (b: Uint8Array) => {
  if (b.length < 4) return false;
  const m = u32le(b, 0);
  return m === ZSTD_MAGIC || (m & SKIPPABLE_MASK) >>> 0 === SKIPPABLE;
};

/** Where the walker is: the bytes still wanted by the current part of the frame grammar. */
type Part = "magic" | "skippable-size" | "skip" | "frame-header" | "block-header" | "block" | "checksum";

export class ZstdDecoder {
  private part: Part = "magic";
  /** Bytes of the current header gathered so far (headers may span chunks). */
  private header: number[] = [];
  private headerWanted = 4;
  private left = 0;
  private checksum = false;
  private lastBlock = false;
  private frameWindow = 0;
  private bytesOut = 0;
  private readonly out: Uint8Array[] = [];
  private readonly fz = new Decompress((data) => {
    if (data.length) this.out.push(data);
  });
  private fed = false;

  /** Decodes `chunk` piece by piece, yielding each piece's output before decoding the next. */
  *push(chunk: Uint8Array): Generator<Uint8Array[]> {
    let start = 0;
    let i = 0;
    while (i < chunk.length) {
      i = this.walk(chunk, i);
      if (this.bytesOut >= PIECE_OUTPUT) {
        yield this.feed(chunk.subarray(start, i));
        start = i;
        this.bytesOut = 0;
      }
    }
    if (start < chunk.length) yield this.feed(chunk.subarray(start));
  }

  /** The input ended: the output fzstd still held (a last frame under its 18-byte look-ahead); throws if it ended inside a frame. */
  end(): Uint8Array[] {
    if (!this.fed) throw new ZstdFormatError("empty zstd stream");
    if (this.part !== "magic" || this.header.length > 0) throw new ZstdFormatError("the zstd stream ends inside a frame");
    return this.feed(new Uint8Array(0), true);
  }

  private feed(piece: Uint8Array, final = false): Uint8Array[] {
    this.fed = true;
    try {
      this.fz.push(piece, final);
    } catch (error) {
      throw new ZstdFormatError(`corrupt zstd data: ${(error as Error).message}`);
    }
    return this.out.splice(0);
  }

  /** Advances the walker over chunk[i…] up to the end of the next grammar part; returns the new offset. */
  private walk(chunk: Uint8Array, i: number): number {
    if (this.part === "skip" || this.part === "block" || this.part === "checksum") {
      const n = Math.min(this.left, chunk.length - i);
      this.left -= n;
      if (this.left === 0) this.after();
      return i + n;
    }
    while (i < chunk.length && this.header.length < this.headerWanted) this.header.push(chunk[i++]!);
    if (this.header.length < this.headerWanted) return i;
    // The frame header's length is known from its first byte (the descriptor) on.
    if (this.part === "frame-header" && this.header.length === 1) {
      this.headerWanted = frameHeaderLength(this.header[0]!);
      if (this.headerWanted > 1) return i;
    }
    this.onHeader(Uint8Array.from(this.header));
    return i;
  }

  private onHeader(h: Uint8Array): void {
    this.header = [];
    switch (this.part) {
      case "magic": {
        const m = u32le(h, 0);
        if (m === ZSTD_MAGIC) return this.expect("frame-header", 1);
        if ((m & SKIPPABLE_MASK) >>> 0 === SKIPPABLE) return this.expect("skippable-size", 4);
        throw new ZstdFormatError(`not a zstd frame (magic 0x${m.toString(16).padStart(8, "0")})`);
      }
      case "skippable-size":
        this.part = "skip";
        this.left = u32le(h, 0);
        if (this.left === 0) this.expect("magic", 4);
        return;
      case "frame-header": {
        this.frameWindow = windowOf(h);
        if (this.frameWindow > MAX_WINDOW) throw new ZstdWindowError(this.frameWindow);
        this.checksum = (h[0]! & 4) !== 0;
        return this.expect("block-header", 3);
      }
      case "block-header": {
        const v = h[0]! | (h[1]! << 8) | (h[2]! << 16);
        this.lastBlock = (v & 1) === 1;
        const type = (v >> 1) & 3;
        const size = v >>> 3;
        if (type === 3) throw new ZstdFormatError("corrupt zstd data: reserved block type");
        // Raw and RLE blocks regenerate `size` bytes; a compressed one at most a full block.
        this.bytesOut += type === 2 ? Math.min(BLOCK_MAX, this.frameWindow) : size;
        this.part = "block";
        this.left = type === 1 ? 1 : size;
        if (this.left === 0) this.after();
        return;
      }
    }
  }

  /** The part being skipped is complete. */
  private after(): void {
    if (this.part === "block" && !this.lastBlock) return this.expect("block-header", 3);
    if (this.part === "block" && this.checksum) {
      this.part = "checksum";
      this.left = 4;
      return;
    }
    this.expect("magic", 4);
  }

  private expect(part: Part, bytes: number): void {
    this.part = part;
    this.headerWanted = bytes;
    this.header = [];
  }
}

/** Length of a frame header (descriptor byte to the end of the content size), from its descriptor. */
function frameHeaderLength(fhd: number): number {
  const singleSegment = (fhd >> 5) & 1;
  const dictBytes = [0, 1, 2, 4][fhd & 3]!;
  const fcsCode = fhd >> 6;
  const fcsBytes = fcsCode === 0 ? singleSegment : 1 << fcsCode;
  return 1 + (singleSegment ? 0 : 1) + dictBytes + fcsBytes;
}

/** The window a frame header asks for (RFC 8878 §3.1.1.1.2). */
function windowOf(h: Uint8Array): number {
  const fhd = h[0]!;
  const singleSegment = (fhd >> 5) & 1;
  if (!singleSegment) {
    const wd = h[1]!;
    const base = 2 ** (10 + (wd >> 3));
    return base + (base / 8) * (wd & 7);
  }
  const dictBytes = [0, 1, 2, 4][fhd & 3]!;
  const fcsCode = fhd >> 6;
  const p = 1 + dictBytes;
  if (fcsCode === 0) return h[p]!;
  if (fcsCode === 1) return (h[p]! | (h[p + 1]! << 8)) + 256;
  if (fcsCode === 2) return u32le(h, p);
  return u32le(h, p) + u32le(h, p + 4) * 2 ** 32;
}
