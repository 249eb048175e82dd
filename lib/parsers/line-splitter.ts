// Splits a byte stream into lines. Hot path for every text format: it scans for LF with
// Buffer.indexOf (native memchr) and decodes each line once, which is several times faster than
// readline on large flow logs. Handles CRLF, a UTF-8 BOM and lines split across chunks.
//
// A line is at most MAX_LINE_BYTES long. A longer one is set aside with its number and length
// (the rest of the file is kept): no format has records that long, and holding such a line
// would cost memory and, for the parsers that scan a line repeatedly, time.
import type { RejectSink } from "./types";

export type LineHandler = (line: string, lineNumber: number) => void;

export const MAX_LINE_BYTES = 1024 * 1024;

export function oversizedLine(lineNumber: number, bytes: number) {
  return { line: lineNumber, message: `line longer than 1 MiB (${bytes} bytes or more): set aside` };
}

/**
 * The partial line carried from one chunk to the next. Parts are kept as a list, so a line that
 * spans many chunks is joined once rather than copied again with every chunk.
 */
export class LineCarry {
  private parts: Buffer[] = [];
  private length = 0;
  /** Bytes of an oversized line seen so far, while its end is being skipped; -1 otherwise. */
  private skipped = -1;

  constructor(
    private readonly sink: RejectSink,
    private readonly limit = MAX_LINE_BYTES,
  ) {}

  get empty(): boolean {
    return this.length === 0 && this.skipped < 0;
  }

  /** True while an oversized line is being skipped: `bytes` (no LF in them) belong to it. */
  get skipping(): boolean {
    return this.skipped >= 0;
  }

  /** Adds bytes of a line whose end has not arrived (no LF in them). */
  add(bytes: Buffer): void {
    if (this.skipped >= 0) {
      this.skipped += bytes.length;
      return;
    }
    if (this.length + bytes.length > this.limit) {
      this.skipped = this.length + bytes.length;
      this.parts = [];
      this.length = 0;
      return;
    }
    this.parts.push(Buffer.from(bytes));
    this.length += bytes.length;
  }

  /**
   * Completes the carried line with `tail` (the bytes up to its LF). Returns the
   * whole line, or null when it was too long (it is then reported as `lineNumber`).
   */
  finish(tail: Buffer, lineNumber: number): Buffer | null {
    // A tail may end with the line's LF (callers that scan whole lines keep it); it is not counted.
    const tailBytes = tail.length && tail[tail.length - 1] === 10 ? tail.length - 1 : tail.length;
    if (this.skipped >= 0 || this.length + tailBytes > this.limit) {
      this.sink.reject(oversizedLine(lineNumber, Math.max(this.skipped, this.length) + tailBytes));
      this.reset();
      return null;
    }
    const line = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
    this.reset();
    return line;
  }

  private reset(): void {
    this.parts = [];
    this.length = 0;
    this.skipped = -1;
  }
}

export class LineSplitter {
  private readonly carry: LineCarry;
  private lineNumber = 0;

  constructor(
    private readonly onLine: LineHandler,
    private readonly sink: RejectSink,
    private readonly limit = MAX_LINE_BYTES,
  ) {
    this.carry = new LineCarry(sink, limit);
  }

  write(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    if (!this.carry.empty) {
      const nl = buf.indexOf(10);
      if (nl === -1) {
        this.carry.add(buf);
        return;
      }
      const line = this.carry.finish(buf.subarray(0, nl), ++this.lineNumber);
      if (line) this.emit(line, 0, line.length, this.lineNumber);
      start = nl + 1;
    }
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break;
      if (nl - start > this.limit) this.sink.reject(oversizedLine(++this.lineNumber, nl - start));
      else this.emit(buf, start, nl, ++this.lineNumber);
      start = nl + 1;
    }
    if (start < buf.length) this.carry.add(buf.subarray(start));
  }

  end(): void {
    if (!this.carry.empty) {
      const line = this.carry.finish(Buffer.alloc(0), ++this.lineNumber);
      if (line) this.emit(line, 0, line.length, this.lineNumber);
    }
  }

  /** Number of lines seen so far, set-aside ones included. */
  get lines(): number {
    return this.lineNumber;
  }

  private emit(buf: Buffer, start: number, nl: number, lineNumber: number): void {
    if (lineNumber === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
    this.onLine(buf.toString("utf8", start, end), lineNumber);
  }
}
