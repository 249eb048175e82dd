// Bytes arriving in chunks of any size, read as a stream of fixed-length pieces. A piece that
// lies in one chunk is a view of it (no copy); one that spans chunks is assembled once, so
// feeding a file byte by byte still costs O(file size).
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Offset of the first unread byte in chunks[0]. */
  private head = 0;
  private total = 0;

  /** Unread bytes held. */
  get length(): number {
    return this.total;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** The next `n` bytes (n ≤ length) as one array, without consuming them. */
  peek(n: number): Uint8Array {
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const joined = new Uint8Array(this.total);
    let at = 0;
    for (const [i, c] of this.chunks.entries()) {
      const part = i === 0 ? c.subarray(this.head) : c;
      joined.set(part, at);
      at += part.length;
    }
    this.chunks = [joined];
    this.head = 0;
    return joined.subarray(0, n);
  }

  /** Consumes the next `n` bytes (n ≤ length). */
  skip(n: number): void {
    this.total -= n;
    while (n > 0) {
      const first = this.chunks[0]!;
      const left = first.length - this.head;
      if (n < left) {
        this.head += n;
        return;
      }
      n -= left;
      this.chunks.shift();
      this.head = 0;
    }
  }

  /** peek(n) then skip(n). The view stays valid: chunks are never written to. */
  take(n: number): Uint8Array {
    const bytes = this.peek(n);
    this.skip(n);
    return bytes;
  }
}
