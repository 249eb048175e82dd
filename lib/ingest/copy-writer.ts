// Streams rows into a table with COPY … FROM STDIN (text format). Rows are appended as
// tab-separated lines into a string buffer and flushed in ~256 KiB chunks; `flushIfFull` lets the
// caller wait for the server to drain, which is what bounds memory on multi-GB uploads.
import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

const FLUSH_AT = 256 * 1024;

/** Escapes a text value for COPY text format. */
export function copyText(value: string | null | undefined): string {
  if (value == null) return "\\N";
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : value;
}

export const copyNum = (value: number | null | undefined): string => (value == null ? "\\N" : String(value));



export class CopyWriter {
  private buffer = "";
  private readonly stream: ReturnType<typeof copyFrom>;
  private failed: Error | null = null;
  rows = 0;

  constructor(client: pg.PoolClient | pg.Client, table: string, columns: readonly string[]) {
    this.stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
    this.stream.on("error", (error: Error) => (this.failed = error));
  }

  /** Appends one row; values must already be COPY-encoded (see copyText/copyNum). */
  row(line: string): void {
    this.buffer += line + "\n";
    this.rows++;
  }

  /** Sends the buffer when it is large; resolves once the server has caught up. */
  async flushIfFull(): Promise<void> {
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.buffer) return;
    const chunk = this.buffer;
    this.buffer = "";
    if (!this.stream.write(chunk)) await this.drained();
    if (this.failed) throw this.failed;
  }

  /** Waits for 'drain' (or an error) without leaving listeners behind on every flush. */
  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        this.stream.off("error", onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.stream.off("drain", onDrain);
        reject(error);
      };
      this.stream.once("drain", onDrain);
      this.stream.once("error", onError);
    });
  }

  async finish(): Promise<number> {
    await this.flush();
    const done = Promise.race([once(this.stream, "finish"), once(this.stream, "error").then(([e]) => Promise.reject(e))]);
    this.stream.end();
    await done;
    if (this.failed) throw this.failed;
    return this.rows;
  }
}
