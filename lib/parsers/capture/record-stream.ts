// Frames a binary byte stream into length-delimited records whatever the chunk boundaries are.
// Records that lie wholly inside a chunk are handed over in place (no copy); only a record split
// across chunks is assembled in a carry buffer, one record at a time, so feeding a file byte by
// byte costs O(file size), not O(size²).

export interface RecordFraming {
  /** Bytes needed before recordLength() can be called (may change after each record). */
  headerLength(): number;
  /**
   * Total length of the record starting at b[off] (≥ headerLength()), read from its first
   * headerLength() bytes; negative when the header is corrupt, which stops the stream (the
   * framing reports why).
   */
  recordLength(b: Uint8Array, off: number): number;
  /** One complete record b[off, off + length). Return false to stop the stream. */
  record(b: Uint8Array, off: number, length: number): boolean;
}

export class RecordStream {
  private carry = new Uint8Array(0);
  private carryLength = 0;
  private stopped = false;

  constructor(private readonly framing: RecordFraming) {}

  write(chunk: Uint8Array): void {
    if (this.stopped) return;
    let off = this.carryLength > 0 ? this.completeCarried(chunk) : 0;
    if (off < 0) return;
    const f = this.framing;
    const n = chunk.length;
    while (n - off >= f.headerLength()) {
      const length = f.recordLength(chunk, off);
      if (length < 0) return this.stop();
      if (n - off < length) break;
      if (!f.record(chunk, off, length)) return this.stop();
      off += length;
    }
    if (off < n) this.take(chunk, off, n - off);
  }

  /** Bytes of an incomplete record held at the end of the input (0 when it ended cleanly). */
  get pendingBytes(): number {
    return this.stopped ? 0 : this.carryLength;
  }

  /** The stream was stopped by a corrupt record. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Completes the carried record from the chunk; returns the chunk offset after it, or -1. */
  private completeCarried(chunk: Uint8Array): number {
    const f = this.framing;
    const headerLength = f.headerLength();
    let off = 0;
    if (this.carryLength < headerLength) {
      off = this.take(chunk, off, headerLength - this.carryLength);
      if (this.carryLength < headerLength) return -1;
    }
    const length = f.recordLength(this.carry, 0);
    if (length < 0) {
      this.stop();
      return -1;
    }
    if (this.carryLength < length) {
      off = this.take(chunk, off, length - this.carryLength);
      if (this.carryLength < length) return -1;
    }
    this.carryLength = 0;
    if (!f.record(this.carry, 0, length)) {
      this.stop();
      return -1;
    }
    return off;
  }

  /** Appends up to `count` bytes of chunk[off…] to the carry; returns the new chunk offset. */
  private take(chunk: Uint8Array, off: number, count: number): number {
    const n = Math.min(count, chunk.length - off);
    const needed = this.carryLength + n;
    if (needed > this.carry.length) {
      const grown = new Uint8Array(Math.max(needed, this.carry.length * 2, 256));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(off, off + n), this.carryLength);
    this.carryLength = needed;
    return off + n;
  }

  private stop(): void {
    this.stopped = true;
    this.carryLength = 0;
  }
}
