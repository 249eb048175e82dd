// Opens an uploaded file for parsing: gzip, zstd and LZ4 (frame format) are detected by their
// magic bytes (never the name) and decompressed as a stream (concatenated members and frames
// included), within the upload limits on size and compression ratio. `head` gives the first
// decompressed bytes for format sniffing.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { constants, createGunzip } from "node:zlib";
import { ApiError } from "@/lib/api/errors";
import { RATIO_FLOOR_BYTES, type UploadLimits } from "./limits";
import { Lz4FormatError, Lz4FrameDecoder, startsLikeLz4 } from "./lz4-frame";
import { MAX_WINDOW, startsLikeZstd, ZstdDecoder, ZstdFormatError, ZstdWindowError } from "./zstd-stream";

export const HEAD_BYTES = 64 * 1024;

export type Compression = "gzip" | "zstd" | "lz4";

export const startsLikeGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** The compression of content that starts with `b`, by its magic bytes; null for none. */
export function compressionOf(b: Uint8Array): Compression | null {
  if (startsLikeGzip(b)) return "gzip";
  if (startsLikeZstd(b)) return "zstd";
  if (startsLikeLz4(b)) return "lz4";
  return null;
}

/** `true` (gzip) and `false` (none) are accepted for callers from before zstd and LZ4. */
type CompressionArg = Compression | null | boolean;
const compressionArg = (c: CompressionArg): Compression | null => (c === true ? "gzip" : c === false ? null : c);

/** The decoder of a zstd or LZ4 stream, as one interface: each input chunk gives decoded pieces. */
interface FrameDecoder {
  push(chunk: Uint8Array): Iterable<Uint8Array[]>;
  end(): Uint8Array[];
}

function frameDecoder(compression: "zstd" | "lz4"): FrameDecoder {
  if (compression === "zstd") return new ZstdDecoder();
  const lz4 = new Lz4FrameDecoder();
  return { push: (chunk) => [lz4.push(chunk)], end: () => (lz4.end(), []) };
}

/** The first up-to-64 KiB of content from the first bytes of a file (compressed or not), e.g. while it arrives. */
export async function headOfBytes(bytes: Buffer): Promise<Buffer> {
  const compression = compressionOf(bytes);
  if (compression === null) return bytes.subarray(0, HEAD_BYTES);
  if (compression !== "gzip") return headOfFrames(bytes, frameDecoder(compression));
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

/** What the bytes of a stream cut anywhere decode to, up to HEAD_BYTES; a corrupt stream gives what came before. */
function headOfFrames(bytes: Uint8Array, decoder: FrameDecoder): Buffer {
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (const pieces of decoder.push(bytes)) {
      for (const p of pieces) {
        parts.push(p);
        total += p.length;
      }
      if (total >= HEAD_BYTES) break;
    }
  } catch {
    // Sniffed on what came out (often nothing).
  }
  return Buffer.concat(parts).subarray(0, HEAD_BYTES);
}

/** The compression of a file, from its first bytes. */
export async function compressionOfFile(filePath: string): Promise<Compression | null> {
  const fh = await open(filePath, "r");
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0);
    return compressionOf(buffer.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

export async function isGzip(filePath: string): Promise<boolean> {
  return (await compressionOfFile(filePath)) === "gzip";
}

/** The first up-to-64 KiB of decompressed content (less if the file or compressed stream ends early). */
export async function readHead(filePath: string, compression: CompressionArg): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of readContent(filePath, compression, () => {})) {
      parts.push(chunk);
      total += chunk.length;
      if (total >= HEAD_BYTES) break;
    }
  } catch {
    // A corrupt stream still gets sniffed on what came out of it; parsing reports the damage.
  }
  return Buffer.concat(parts).subarray(0, HEAD_BYTES);
}

/** A compressed stream that ends early or turns corrupt: what came before it was read. */
export class TruncatedCompressedError extends Error {
  constructor(
    readonly compressedBytesRead: number,
    readonly compression: Compression = "gzip",
    detail?: string,
  ) {
    super(
      compression === "gzip"
        ? `the gzip stream ends early (truncated after ${compressedBytesRead} bytes); everything before that point was read`
        : `the ${compression} stream ends early or is corrupt after ${compressedBytesRead} bytes of the file${detail ? ` (${detail})` : ""}; everything before that point was read`,
    );
  }
}

/** The name from before zstd and LZ4; the same class. */
export { TruncatedCompressedError as TruncatedGzipError };

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
 * (progress). A truncated or corrupt compressed stream ends the iteration with
 * TruncatedCompressedError; one that inflates beyond `limits` (or a zstd frame whose window is
 * beyond what `zstd -d` accepts) with ApiError decompressed_too_large.
 */
export async function* readContent(
  filePath: string,
  compressionOrGzip: CompressionArg,
  onRawBytes: (n: number) => void,
  limits: ContentLimits = { maxDecompressedBytes: Infinity, maxCompressionRatio: Infinity },
): AsyncGenerator<Buffer> {
  const compression = compressionArg(compressionOrGzip);
  const raw = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  let consumed = 0;
  if (compression === null) {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      onRawBytes((consumed += chunk.length));
      yield chunk;
    }
    return;
  }
  if (compression !== "gzip") {
    yield* readFrames(raw, compression, onRawBytes, limits);
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
    if (code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR") throw new TruncatedCompressedError(consumed);
    throw error;
  } finally {
    raw.destroy();
  }
}

/** zstd or LZ4 content: each decoded piece is checked against the limits and handed on before the next is decoded. */
async function* readFrames(
  raw: AsyncIterable<Buffer> & { destroy(): void },
  compression: "zstd" | "lz4",
  onRawBytes: (n: number) => void,
  limits: ContentLimits,
): AsyncGenerator<Buffer> {
  const decoder = frameDecoder(compression);
  let consumed = 0;
  let out = 0;
  const emit = function* (pieces: Uint8Array[]) {
    for (const p of pieces) {
      out += p.length;
      checkInflation(out, consumed, limits);
      yield Buffer.from(p.buffer, p.byteOffset, p.length);
    }
  };
  try {
    for await (const chunk of raw) {
      onRawBytes((consumed += chunk.length));
      for (const pieces of decoder.push(chunk)) yield* emit(pieces);
    }
    yield* emit(decoder.end());
  } catch (error) {
    if (error instanceof ZstdWindowError) {
      throw new ApiError(
        "decompressed_too_large",
        `The file is zstd-compressed with a ${error.window}-byte window, more than the ${MAX_WINDOW} bytes \`zstd -d\` accepts by default; recompress it without --long above 27. Nothing of it was stored.`,
      );
    }
    if (error instanceof ZstdFormatError || error instanceof Lz4FormatError) {
      throw new TruncatedCompressedError(consumed, compression, error.message);
    }
    throw error;
  } finally {
    raw.destroy();
  }
}
