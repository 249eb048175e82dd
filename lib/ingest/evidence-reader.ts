// Opens an uploaded file for parsing: gzip is detected by its magic bytes (never the name) and
// decompressed as a stream (concatenated members included), within the upload limits on size and
// compression ratio. `head` gives the first decompressed bytes for format sniffing.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { constants, createGunzip } from "node:zlib";
import { ApiError } from "@/lib/api/errors";
import { RATIO_FLOOR_BYTES, type UploadLimits } from "./limits";

export const HEAD_BYTES = 64 * 1024;

export const startsLikeGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** The first up-to-64 KiB of content from the first bytes of a file (gzip or not), e.g. while it arrives. */
export async function headOfBytes(bytes: Buffer): Promise<Buffer> {
  if (!startsLikeGzip(bytes)) return bytes.subarray(0, HEAD_BYTES);
  // SYNC_FLUSH: the bytes end mid-stream, and what they decompress to is still wanted.
  const gunzip = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of Readable.from([bytes]).pipe(gunzip) as AsyncIterable<Buffer>) {
      parts.push(chunk);
      total += chunk.length;
      if (total >= HEAD_BYTES) break;
    }
  } catch {
    // Corrupt from the start: sniffed on what came out (often nothing).
  } finally {
    gunzip.destroy();
  }
  return Buffer.concat(parts).subarray(0, HEAD_BYTES);
}

export async function isGzip(filePath: string): Promise<boolean> {
  const fh = await open(filePath, "r");
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(2), 0, 2, 0);
    return startsLikeGzip(buffer.subarray(0, bytesRead));
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

type ContentLimits = Pick<UploadLimits, "maxDecompressedBytes" | "maxCompressionRatio">;

/** Stops a gzip member that inflates past the absolute cap, or past the ratio once above RATIO_FLOOR_BYTES. */
function checkInflation(out: number, consumed: number, limits: ContentLimits): void {
  const why =
    out > limits.maxDecompressedBytes
      ? `more than ${limits.maxDecompressedBytes} bytes decompressed (HINDSIGHT_MAX_DECOMPRESSED_BYTES)`
      : out > RATIO_FLOOR_BYTES && out > limits.maxCompressionRatio * consumed
        ? `${out} bytes from the first ${consumed} of the file, more than ${limits.maxCompressionRatio}x (HINDSIGHT_MAX_COMPRESSION_RATIO)`
        : null;
  if (why) throw new ApiError("decompressed_too_large", `The file inflates to ${why}; it looks like a compression bomb rather than evidence. Nothing of it was stored.`);
}

/**
 * Decompressed content in chunks. `onRawBytes` reports how much of the file has been consumed
 * (progress). A truncated or corrupt gzip stream ends the iteration with TruncatedGzipError; one
 * that inflates beyond `limits` with ApiError decompressed_too_large.
 */
export async function* readContent(
  filePath: string,
  gzip: boolean,
  onRawBytes: (n: number) => void,
  limits: ContentLimits = { maxDecompressedBytes: Infinity, maxCompressionRatio: Infinity },
): AsyncGenerator<Buffer> {
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
  let out = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      out += chunk.length;
      checkInflation(out, consumed, limits);
      yield chunk;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR") throw new TruncatedGzipError(consumed);
    throw error;
  } finally {
    raw.destroy();
  }
}
