// Opens an uploaded file for parsing: gzip is detected by its magic bytes (never the name) and
// decompressed as a stream (concatenated members included). `head` gives the first decompressed
// bytes for format sniffing.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform } from "node:stream";
import { createGunzip } from "node:zlib";

const HEAD_BYTES = 64 * 1024;

export async function isGzip(filePath: string): Promise<boolean> {
  const fh = await open(filePath, "r");
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** The first up-to-64 KiB of decompressed content (less if the file or gzip stream ends early). */
export async function readHead(filePath: string, gzip: boolean): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of readContent(filePath, gzip, () => {})) {
      parts.push(chunk);
      total += chunk.length;
      if (total >= HEAD_BYTES) break;
    }
  } catch {
    // A corrupt stream still gets sniffed on what came out of it; parsing reports the damage.
  }
  return Buffer.concat(parts).subarray(0, HEAD_BYTES);
}

export class TruncatedGzipError extends Error {
  constructor(readonly compressedBytesRead: number) {
    super(`the gzip stream ends early (truncated after ${compressedBytesRead} bytes); everything before that point was read`);
  }
}

/**
 * Decompressed content in chunks. `onRawBytes` reports how much of the file has been consumed
 * (progress). A truncated or corrupt gzip stream ends the iteration with TruncatedGzipError.
 */
export async function* readContent(filePath: string, gzip: boolean, onRawBytes: (n: number) => void): AsyncGenerator<Buffer> {
  const raw = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  let consumed = 0;
  if (!gzip) {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      onRawBytes((consumed += chunk.length));
      yield chunk;
    }
    return;
  }
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      onRawBytes((consumed += chunk.length));
      done(null, chunk);
    },
  });
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  raw.on("error", (e) => gunzip.destroy(e));
  raw.pipe(counter).pipe(gunzip);
  try {
    yield* gunzip as AsyncIterable<Buffer>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR") throw new TruncatedGzipError(consumed);
    throw error;
  } finally {
    raw.destroy();
  }
}
