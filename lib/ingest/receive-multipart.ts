// Streams a multipart/form-data request to temp files (hashed on the way) with busboy, so a
// multi-GB upload never sits in memory. Returns the files and the plain fields.
import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { ApiError } from "@/lib/api/errors";
import { discardTemp, receiveToTemp, type ReceivedFile } from "@/lib/evidence/blob-store";

export async function receiveMultipart(req: Request): Promise<{ files: ReceivedFile[]; fields: Record<string, string> }> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !req.body) {
    throw new ApiError("multipart_required", 'Send the evidence as multipart/form-data with one or more "file" parts.');
  }
  // defParamCharset: browsers send UTF-8 file names without saying so (RFC 7578 §4.2).
  const parser = busboy({ headers: { "content-type": contentType }, defParamCharset: "utf8", limits: { fields: 50, fieldSize: 64 * 1024 } });
  const fields: Record<string, string> = {};
  const pending: Array<Promise<ReceivedFile>> = [];
  const parts: Readable[] = [];

  const done = new Promise<void>((resolve, reject) => {
    parser.on("file", (_name, stream, info) => {
      parts.push(stream);
      const received = receiveToTemp(stream, info.filename || "upload");
      received.catch(() => {}); // awaited below; avoid an unhandled rejection in between
      pending.push(received);
    });
    parser.on("field", (name, value) => (fields[name] = value));
    parser.on("close", resolve);
    parser.on("error", reject);
  });

  try {
    // pipeline, not pipe: a client that goes away mid-upload must fail the parts being written.
    await Promise.all([pipeline(Readable.fromWeb(req.body as unknown as NodeWebReadableStream), parser), done]);
  } catch (error) {
    for (const part of parts) part.destroy(error as Error);
    const settled = await Promise.allSettled(pending);
    await Promise.all(settled.flatMap((s) => (s.status === "fulfilled" ? [discardTemp(s.value)] : [])));
    throw new ApiError("bad_multipart", `The upload could not be read: ${(error as Error).message}. Nothing was stored.`);
  }
  const settled = await Promise.allSettled(pending);
  const files = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  if (files.length !== settled.length) {
    await Promise.all(files.map(discardTemp));
    throw new ApiError("upload_interrupted", "The upload was interrupted before every file arrived. Nothing was stored.");
  }
  return { files, fields };
}
