// Streams a multipart/form-data request to temp files (hashed on the way) with busboy, so a
// multi-GB upload never sits in memory. Returns the files and the plain fields. A request over
// the upload size limit, or a large file whose first bytes are no known evidence format, is
// refused while it arrives: the rest of the body is not read, and nothing is kept.
import "server-only";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { ApiError } from "@/lib/api/errors";
import { discardTemp, receiveToTemp, type ReceivedFile } from "@/lib/evidence/blob-store";
import { HEAD_BYTES, headOfBytes } from "./evidence-reader";
import { parseFlowFieldList } from "@/lib/flows/aws-flow-fields";
import { detectFormat, unsupportedFormat, whyUnreadable } from "./formats";
import { uploadLimits } from "./limits";

/**
 * Requests up to this size are received whole before their formats are checked, so a `kind`
 * field sent after its file still applies; larger ones (or of unknown length) are checked on
 * their first bytes unless `kind` came first.
 */
export const EARLY_SNIFF_BYTES = 16 * 1024 * 1024;

const tooLarge = (max: number, seen: string) =>
  new ApiError("upload_too_large", `The upload is larger than the limit of ${max} bytes (${seen}); nothing was stored. The limit is HINDSIGHT_MAX_UPLOAD_BYTES.`, { maxBytes: max });

/** Holds back a file's first bytes until they show a known format, then lets everything through. */
class FormatCheck extends Transform {
  private head: Buffer[] = [];
  private length = 0;
  private checked = false;

  constructor(
    private readonly filename: string,
    private readonly onRefused: (error: ApiError) => void,
    private readonly flowFields: readonly string[] | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    if (this.checked) return done(null, chunk);
    this.head.push(chunk);
    this.length += chunk.length;
    if (this.length < HEAD_BYTES) return done();
    this.release(done);
  }

  override _flush(done: (error?: Error | null, data?: Buffer) => void): void {
    if (this.checked || this.length === 0) return done();
    this.release(done);
  }

  private release(done: (error?: Error | null, data?: Buffer) => void): void {
    this.checked = true;
    const bytes = Buffer.concat(this.head);
    this.head = [];
    headOfBytes(bytes).then((head) => {
      if (detectFormat(head, this.flowFields)) return done(null, bytes);
      const error = unsupportedFormat([{ filename: this.filename, reason: whyUnreadable(head) }]);
      this.onRefused(error);
      done(error);
    }, done);
  }
}

export async function receiveMultipart(req: Request): Promise<{ files: ReceivedFile[]; fields: Record<string, string> }> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !req.body) {
    throw new ApiError("multipart_required", 'Send the evidence as multipart/form-data with one or more "file" parts.');
  }
  const { maxUploadBytes } = uploadLimits();
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxUploadBytes) throw tooLarge(maxUploadBytes, `${declared} bytes declared`);
  const checkEarly = !(declared <= EARLY_SNIFF_BYTES);

  // defParamCharset: browsers send UTF-8 file names without saying so (RFC 7578 §4.2).
  const parser = busboy({
    headers: { "content-type": contentType },
    defParamCharset: "utf8",
    limits: { fields: 50, fieldSize: 64 * 1024, fileSize: maxUploadBytes },
  });
  const body = Readable.fromWeb(req.body as unknown as NodeWebReadableStream);
  const fields: Record<string, string> = {};
  const pending: Array<Promise<ReceivedFile>> = [];
  const parts: Readable[] = [];
  let received = 0;
  let refusal: ApiError | null = null;
  let refused!: (error: ApiError) => void;
  // A refusal ends the request at once: destroying the body waits on its source's cancel, which
  // some streams never settle, so the answer must not wait for it.
  const refusedEarly = new Promise<never>((_, reject) => (refused = reject));
  refusedEarly.catch(() => {});
  const refuse = (error: ApiError) => {
    refusal ??= error;
    refused(error);
    body.destroy(error);
  };

  const done = new Promise<void>((resolve, reject) => {
    parser.on("file", (_name, stream, info) => {
      parts.push(stream);
      // receiveToTemp reports the part's errors once its pipeline is attached (after a mkdir);
      // a part destroyed before that must not raise an unhandled 'error'.
      stream.on("error", () => {});
      const filename = info.filename || "upload";
      stream.on("limit", () => refuse(tooLarge(maxUploadBytes, `${filename} alone is larger`)));
      // A `fields` sent first helps recognise the file; an invalid one is answered 400 after the body instead.
      const flowFields = fields.fields === undefined ? { fields: undefined } : parseFlowFieldList(fields.fields);
      const check = checkEarly && !fields.kind && "fields" in flowFields ? new FormatCheck(filename, refuse, flowFields.fields) : undefined;
      let mine = 0;
      const file = receiveToTemp(stream, filename, (n) => {
        received += n - mine;
        mine = n;
        if (received > maxUploadBytes) refuse(tooLarge(maxUploadBytes, "the files together are larger"));
      }, check);
      file.catch(() => {}); // awaited below; avoid an unhandled rejection in between
      pending.push(file);
    });
    parser.on("field", (name, value) => (fields[name] = value));
    parser.on("close", resolve);
    parser.on("error", reject);
  });

  try {
    // pipeline, not pipe: a client that goes away mid-upload must fail the parts being written.
    await Promise.race([Promise.all([pipeline(body, parser), done]), refusedEarly]);
  } catch (error) {
    for (const part of parts) part.destroy(error as Error);
    const settled = await Promise.allSettled(pending);
    await Promise.all(settled.flatMap((s) => (s.status === "fulfilled" ? [discardTemp(s.value)] : [])));
    if (refusal) throw refusal;
    throw new ApiError("bad_multipart", `The upload could not be read: ${(error as Error).message}. Nothing was stored.`);
  }
  const settled = await Promise.allSettled(pending);
  const files = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  if (files.length !== settled.length || refusal) {
    await Promise.all(files.map(discardTemp));
    throw refusal ?? new ApiError("upload_interrupted", "The upload was interrupted before every file arrived. Nothing was stored.");
  }
  return { files, fields };
}

/**
 * Receives a multipart request and hands its files to `handle`. Whatever `handle` did not move into the
 * blob store is removed afterwards, also when `handle` throws (an invalid field, a missing incident).
 */
export async function withReceivedFiles<T>(req: Request, handle: (files: ReceivedFile[], fields: Record<string, string>) => Promise<T>): Promise<T> {
  const { files, fields } = await receiveMultipart(req);
  try {
    return await handle(files, fields);
  } finally {
    await Promise.all(files.map(discardTemp));
  }
}
