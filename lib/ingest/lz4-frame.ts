// A streaming decoder of the LZ4 frame format (what `lz4 file` writes; concatenated and
// skippable frames included). Hand-written: the npm LZ4 packages either build native code at
// install time or decode a whole frame held in memory, and uploads are decoded as a stream
// (see ARCHITECTURE.md). Memory is bounded by one block (≤ 4 MiB) plus the 64 KiB history that
// linked blocks may refer to. Checksums are not verified: a corrupt block that still decodes
// yields damaged records, which the capture parsers report like any other damage.
import { ByteQueue } from "./byte-queue";

export const LZ4_MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE = 0x184d2a50;
const HISTORY = 64 * 1024;
const BLOCK_MAX = [0, 0, 0, 0, 64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024];

export class Lz4FormatError extends Error {}

const u32le = (b: Uint8Array, p: number) => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;

export const startsLikeLz4 = (b: Uint8Array) => b.length >= 4 && u32le(b, 0) === LZ4_MAGIC;

type State =
  | { at: "magic" }
  | { at: "skip"; left: number }
  | { at: "descriptor" }
  | { at: "block" }
  | { at: "checksum"; then: "block" | "magic" };

interface Frame {
  linked: boolean;
  blockChecksum: boolean;
  contentChecksum: boolean;
  blockMax: number;
}

export class Lz4FrameDecoder {
  private readonly input = new ByteQueue();
  private state: State = { at: "magic" };
  private frame: Frame | null = null;
  /** The last ≤ 64 KiB of output of the current frame (linked blocks copy from it). */
  private history = new Uint8Array(0);
  private frames = 0;
  /** Decoding buffer: the history, then room for one block; reused from block to block. */
  private scratch = new Uint8Array(0);

  /** Decodes what `chunk` completes; returns the decoded blocks (fresh arrays the caller keeps). */
  push(chunk: Uint8Array): Uint8Array[] {
    this.input.push(chunk);
    const out: Uint8Array[] = [];
    while (this.step(out));
    return out;
  }

  /** The input ended: throws unless it ended between frames. */
  end(): void {
    if (this.frames === 0 && this.input.length === 0 && this.state.at === "magic") throw new Lz4FormatError("empty LZ4 stream");
    if (this.state.at !== "magic" || this.input.length > 0) throw new Lz4FormatError("the LZ4 stream ends inside a frame");
  }

  /** One step of the frame grammar; false when more input is needed. */
  private step(out: Uint8Array[]): boolean {
    const q = this.input;
    const s = this.state;
    switch (s.at) {
      case "magic": {
        if (q.length < 4) return false;
        const magic = u32le(q.peek(4), 0);
        if (magic === LZ4_MAGIC) {
          q.skip(4);
          this.state = { at: "descriptor" };
          return true;
        }
        if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE) {
          if (q.length < 8) return false;
          const left = u32le(q.take(8), 4);
          this.state = { at: "skip", left };
          return true;
        }
        throw new Lz4FormatError(`not an LZ4 frame (magic 0x${magic.toString(16).padStart(8, "0")})`);
      }
      case "skip": {
        const n = Math.min(s.left, q.length);
        q.skip(n);
        s.left -= n;
        if (s.left > 0) return false;
        this.state = { at: "magic" };
        return true;
      }
      case "descriptor": {
        if (q.length < 2) return false;
        const [flg, bd] = q.peek(2) as unknown as [number, number];
        if (flg >> 6 !== 1) throw new Lz4FormatError(`unsupported LZ4 frame version ${flg >> 6}`);
        const blockMax = BLOCK_MAX[(bd >> 4) & 7]!;
        if (!blockMax) throw new Lz4FormatError(`invalid LZ4 block size code ${(bd >> 4) & 7}`);
        if (flg & 1) throw new Lz4FormatError("LZ4 frames with a dictionary are not supported");
        const length = 2 + (flg & 8 ? 8 : 0) + 1; // FLG BD [content size] HC
        if (q.length < length) return false;
        q.skip(length);
        this.frame = { linked: (flg & 0x20) === 0, blockChecksum: (flg & 0x10) !== 0, contentChecksum: (flg & 4) !== 0, blockMax };
        this.history = new Uint8Array(0);
        this.state = { at: "block" };
        return true;
      }
      case "block": {
        if (q.length < 4) return false;
        const frame = this.frame!;
        const word = u32le(q.peek(4), 0);
        if (word === 0) {
          q.skip(4);
          this.frames++;
          this.state = frame.contentChecksum ? { at: "checksum", then: "magic" } : { at: "magic" };
          return true;
        }
        const size = word & 0x7fffffff;
        if (size > frame.blockMax) throw new Lz4FormatError(`LZ4 block of ${size} bytes exceeds the frame's ${frame.blockMax}`);
        if (q.length < 4 + size) return false;
        q.skip(4);
        const body = q.take(size);
        const block = word & 0x80000000 ? body.slice() : this.decodeBlock(body, frame.blockMax);
        if (frame.linked) this.remember(block);
        out.push(block);
        if (frame.blockChecksum) this.state = { at: "checksum", then: "block" };
        return true;
      }
      case "checksum": {
        if (q.length < 4) return false;
        q.skip(4);
        this.state = { at: s.then };
        return true;
      }
    }
  }

  private remember(block: Uint8Array): void {
    if (block.length >= HISTORY) {
      this.history = block.slice(block.length - HISTORY);
      return;
    }
    const keep = Math.min(this.history.length, HISTORY - block.length);
    const next = new Uint8Array(keep + block.length);
    next.set(this.history.subarray(this.history.length - keep));
    next.set(block, keep);
    this.history = next;
  }

  /**
   * One LZ4 block (sequences of literals and back-references). The hot loop of LZ4 decoding,
   * written with plain indexing: short copies byte by byte (cheaper than a subarray view each),
   * long ones with set/copyWithin; an overlapping match must go byte by byte.
   */
  private decodeBlock(src: Uint8Array, blockMax: number): Uint8Array {
    const hist = this.frame!.linked ? this.history : new Uint8Array(0);
    const base = hist.length;
    if (this.scratch.length < base + blockMax) this.scratch = new Uint8Array(HISTORY + blockMax);
    const dst = this.scratch;
    dst.set(hist);
    let d = base;
    let s = 0;
    const n = src.length;
    const bad = (why: string): never => {
      throw new Lz4FormatError(`corrupt LZ4 block: ${why}`);
    };
    while (s < n) {
      const token = src[s++]!;
      let lit = token >> 4;
      if (lit === 15) {
        let b: number;
        do {
          if (s >= n) bad("literal length runs past the block");
          b = src[s++]!;
          lit += b;
        } while (b === 255);
      }
      if (s + lit > n || d + lit > base + blockMax) bad("literals run past the block");
      if (lit < 32) for (const stop = s + lit; s < stop; ) dst[d++] = src[s++]!;
      else {
        dst.set(src.subarray(s, s + lit), d);
        s += lit;
        d += lit;
      }
      if (s === n) break; // the last sequence has literals only
      if (s + 2 > n) bad("match offset cut short");
      const offset = src[s]! | (src[s + 1]! << 8);
      s += 2;
      if (offset === 0 || offset > d) bad(`match offset ${offset} reaches before the data`);
      let len = (token & 15) + 4;
      if ((token & 15) === 15) {
        let b: number;
        do {
          if (s >= n) bad("match length runs past the block");
          b = src[s++]!;
          len += b;
        } while (b === 255);
      }
      if (d + len > base + blockMax) bad("match runs past the block size");
      let from = d - offset;
      if (offset >= len && len >= 32) {
        dst.copyWithin(d, from, from + len);
        d += len;
      } else {
        for (const stop = d + len; d < stop; ) dst[d++] = dst[from++]!;
      }
    }
    return dst.slice(base, d);
  }
}
