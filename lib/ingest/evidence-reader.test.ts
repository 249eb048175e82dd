// Compressed captures made by fixtures/make-fixtures.sh with the real zstd and lz4 tools: every
// one must decompress to exactly the capture it was made from, through the reader uploads use.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { Lz4FrameDecoder } from "./lz4-frame";
import { ZstdDecoder } from "./zstd-stream";
import { compressionOf, compressionOfFile, headOfBytes, HEAD_BYTES, readContent, readHead, TruncatedCompressedError, type Compression } from "./evidence-reader";

const FIXTURES = path.join(import.meta.dirname, "fixtures");
const CAPTURES = path.join(import.meta.dirname, "../parsers/capture/fixtures");
const fixture = (name: string) => path.join(FIXTURES, name);
const capture = (name: string) => readFileSync(path.join(CAPTURES, name));
const tmp = mkdtempSync(path.join(tmpdir(), "hindsight-reader-"));

async function readAll(file: string, compression: Compression | null, limits?: Parameters<typeof readContent>[3]) {
  const parts: Buffer[] = [];
  let raw = 0;
  for await (const chunk of readContent(file, compression, (n) => (raw = n), limits)) parts.push(chunk);
  return { content: Buffer.concat(parts), raw };
}

describe.each([
  ["dns-lo.pcap.zst", "zstd", capture("dns-lo.pcap")],
  ["dns-two-interfaces.pcapng.zst", "zstd", capture("dns-two-interfaces.pcapng")],
  ["two-frames.zst", "zstd", Buffer.concat([capture("dns-lo.pcap"), capture("dns-lo-nano.pcap")])],
  ["dns-lo.pcap.lz4", "lz4", capture("dns-lo.pcap")],
  ["of13_ericsson.pcapng.B4D.lz4", "lz4", capture("corpus/of13_ericsson.pcapng")],
] as const)("%s", (name, compression, original) => {
  it("is recognised by its magic bytes and decompresses to the original capture", async () => {
    expect(await compressionOfFile(fixture(name))).toBe(compression);
    const { content, raw } = await readAll(fixture(name), compression);
    expect(content.equals(original)).toBe(true);
    expect(raw).toBe(readFileSync(fixture(name)).length);
    expect((await readHead(fixture(name), compression)).equals(original.subarray(0, HEAD_BYTES))).toBe(true);
  });

  it("gives the head of the content from the first bytes of the file, whatever they are cut at", async () => {
    const bytes = readFileSync(fixture(name));
    expect((await headOfBytes(bytes)).equals(original.subarray(0, HEAD_BYTES))).toBe(true);
    const half = await headOfBytes(bytes.subarray(0, bytes.length >> 1));
    expect(original.subarray(0, half.length).equals(half)).toBe(true);
  });

  it("ends a truncated file with TruncatedCompressedError after everything before the cut", async () => {
    const bytes = readFileSync(fixture(name));
    const cut = path.join(tmp, `cut-${name}`);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 7));
    const parts: Buffer[] = [];
    let error: unknown;
    try {
      for await (const chunk of readContent(cut, compression, () => {})) parts.push(chunk);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TruncatedCompressedError);
    expect((error as Error).message).toMatch(new RegExp(`^the ${compression} stream ends early or is corrupt after ${bytes.length - 7} bytes`));
    const got = Buffer.concat(parts);
    expect(original.subarray(0, got.length).equals(got)).toBe(true);
  });
});

it("recognises each compression by content only, and none on plain captures", () => {
  expect(compressionOf(readFileSync(fixture("dns-lo.pcap.zst")))).toBe("zstd");
  expect(compressionOf(readFileSync(fixture("dns-lo.pcap.lz4")))).toBe("lz4");
  expect(compressionOf(capture("dns-lo.pcap"))).toBeNull();
  expect(compressionOf(capture("dns-two-interfaces.pcapng"))).toBeNull();
});

describe("decompression bombs", () => {
  it("decodes 300 MiB of zeros from 9 KiB exactly when unlimited, holding one piece at a time", async () => {
    let total = 0;
    let largest = 0;
    let nonZero = 0;
    const zeros = Buffer.alloc(1024 * 1024);
    for await (const chunk of readContent(fixture("zeros-300MiB.zst"), "zstd", () => {})) {
      total += chunk.length;
      largest = Math.max(largest, chunk.length);
      if (chunk.length > zeros.length || !chunk.equals(zeros.subarray(0, chunk.length))) nonZero++;
    }
    expect(total).toBe(300 * 1024 * 1024);
    expect(nonZero).toBe(0);
    // fzstd emits one block (≤ 128 KiB) at a time; nothing like the whole output is ever one chunk.
    expect(largest).toBeLessThanOrEqual(128 * 1024);
  }, 30_000);

  it("stops the zstd bomb at the compression ratio once past the floor, as for gzip", async () => {
    const error = await readAll(fixture("zeros-300MiB.zst"), "zstd", { maxDecompressedBytes: Infinity, maxCompressionRatio: 200 }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("decompressed_too_large");
    expect((error as Error).message).toMatch(/HINDSIGHT_MAX_COMPRESSION_RATIO/);
  }, 30_000);

  it.each([
    ["zeros-300MiB.zst", "zstd"],
    ["of13_ericsson.pcapng.B4D.lz4", "lz4"],
  ] as const)("stops %s at the absolute cap", async (name, compression) => {
    const error = await readAll(fixture(name), compression, { maxDecompressedBytes: 50_000, maxCompressionRatio: Infinity }).catch((e) => e);
    expect((error as ApiError).code).toBe("decompressed_too_large");
    expect((error as Error).message).toMatch(/HINDSIGHT_MAX_DECOMPRESSED_BYTES/);
  });

  it("refuses a zstd frame asking for a window beyond zstd -d's default before allocating it", async () => {
    const error = await readAll(fixture("window-2GiB.zst"), "zstd").catch((e) => e);
    expect((error as ApiError).code).toBe("decompressed_too_large");
    expect((error as Error).message).toMatch(/2147483648-byte window/);
  });
});

describe("the frame decoders fed a few bytes at a time", () => {
  it.each([
    ["two-frames.zst", () => new ZstdDecoder(), Buffer.concat([capture("dns-lo.pcap"), capture("dns-lo-nano.pcap")])],
    ["of13_ericsson.pcapng.B4D.lz4", () => lz4Pieces(new Lz4FrameDecoder()), capture("corpus/of13_ericsson.pcapng")],
  ] as const)("%s decodes the same", (name, make, original) => {
    const bytes = readFileSync(fixture(name));
    const decoder = make();
    const out: Uint8Array[] = [];
    for (let off = 0, step = 1; off < bytes.length; off += step, step = (step % 7) + 1) {
      for (const pieces of decoder.push(bytes.subarray(off, off + step))) out.push(...pieces);
    }
    out.push(...decoder.end());
    expect(Buffer.concat(out).equals(original)).toBe(true);
  });
});

function lz4Pieces(d: Lz4FrameDecoder) {
  return { push: (chunk: Uint8Array) => [d.push(chunk)], end: () => (d.end(), [] as Uint8Array[]) };
}
