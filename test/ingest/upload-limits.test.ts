// What one upload may bring: a body over the size limit and a large file that is no evidence are
// refused while they arrive (the rest is not read); a gzip bomb stops at the decompression limits;
// an export with more series than the limit keeps the first ones and says how many were set aside.
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, expect, it } from "vitest";
import * as uploads from "@/app/api/incidents/[id]/uploads/route";
import { db } from "@/lib/db";
import { blobRoot } from "@/lib/evidence/blob-store";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const FLOWS = path.resolve(import.meta.dirname, "../../lib/parsers/fixtures/aws-v2.log");
const PROMETHEUS = path.resolve(import.meta.dirname, "../../lib/parsers/metrics/fixtures/prometheus-text.txt");
const tmp = mkdtempSync(path.join(os.tmpdir(), "hindsight-limits-"));

const tempFiles = () => {
  try {
    return readdirSync(path.join(blobRoot(), "tmp"));
  } catch {
    return [];
  }
};

afterEach(() => {
  for (const name of ["HINDSIGHT_MAX_UPLOAD_BYTES", "HINDSIGHT_MAX_DECOMPRESSED_BYTES", "HINDSIGHT_MAX_SERIES_PER_UPLOAD"]) delete process.env[name];
});

/** A multipart body with one file part of `size` bytes from `fill`, and how much of it was read. */
function streamedUpload(incident: string, size: number, fill: (i: number) => Uint8Array, headers: Record<string, string> = {}) {
  const boundary = "----hindsight-limits";
  const enc = new TextEncoder();
  const head = enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const state = { sent: 0 };
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i === 0) controller.enqueue(head);
      if (state.sent >= size) {
        controller.enqueue(enc.encode(`\r\n--${boundary}--\r\n`));
        return controller.close();
      }
      const chunk = fill(i++);
      state.sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const answer = call(uploads.POST, {
    method: "POST",
    path: `/api/incidents/${incident}/uploads`,
    params: { id: incident },
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...headers },
    body,
  });
  return { answer, state };
}

const noise = (i: number) => {
  const b = new Uint8Array(64 * 1024);
  for (let k = 0; k < b.length; k++) b[k] = (k * 2654435761 + i * 40503) >>> 24;
  return b;
};

it("refuses a declared body over the limit before reading it", async () => {
  process.env.HINDSIGHT_MAX_UPLOAD_BYTES = String(1024 * 1024);
  const incident = await newIncident("declared too large");
  const { answer, state } = streamedUpload(incident, 8 * 1024 * 1024, noise, { "content-length": String(9 * 1024 * 1024) });
  const res = await answer;
  expect(res.status).toBe(413);
  expect(res.data.error).toMatchObject({ code: "upload_too_large", details: { maxBytes: 1024 * 1024 } });
  expect(state.sent).toBeLessThanOrEqual(64 * 1024); // the stream's own read-ahead, not the handler's
  const list = await call(uploads.GET, { params: { id: incident } });
  expect(list.data.uploads).toEqual([]);
});

it("stops reading a body that grows past the limit, and keeps nothing", async () => {
  process.env.HINDSIGHT_MAX_UPLOAD_BYTES = String(2 * 1024 * 1024);
  const incident = await newIncident("streamed too large");
  const before = tempFiles();
  const line = readFileSync(FLOWS, "utf8");
  const { answer, state } = streamedUpload(incident, 64 * 1024 * 1024, () => new TextEncoder().encode(line.repeat(200)));
  const res = await answer;
  expect(res.status).toBe(413);
  expect(res.data.error.code).toBe("upload_too_large");
  expect(state.sent).toBeLessThan(8 * 1024 * 1024);
  expect(tempFiles()).toEqual(before);
  const list = await call(uploads.GET, { params: { id: incident } });
  expect(list.data.uploads).toEqual([]);
});

it("refuses a large file that is no evidence on its first bytes, without reading the rest", async () => {
  const incident = await newIncident("no evidence");
  const before = tempFiles();
  const { answer, state } = streamedUpload(incident, 256 * 1024 * 1024, noise);
  const res = await answer;
  expect(res.status).toBe(422);
  expect(res.data.error).toMatchObject({ code: "unsupported_format", details: { files: [{ filename: "big.bin", reason: "not a known evidence format" }] } });
  expect(state.sent).toBeLessThan(16 * 1024 * 1024);
  expect(tempFiles()).toEqual(before);
});

it("answers a refusal at once even when the body's source never settles its cancel (a FormData stream)", async () => {
  const incident = await newIncident("no evidence, form stream");
  const before = tempFiles();
  const form = new FormData();
  form.append("file", new Blob([Buffer.alloc(1024 * 1024, 0x61)]), "letters.txt");
  const multipart = new Response(form);
  const res = await call(uploads.POST, {
    method: "POST",
    path: `/api/incidents/${incident}/uploads`,
    params: { id: incident },
    headers: { "content-type": multipart.headers.get("content-type")! },
    body: multipart.body!,
  });
  expect(res.status).toBe(422);
  expect(res.data.error.code).toBe("unsupported_format");
  expect(tempFiles()).toEqual(before);
});

it("stops a gzip bomb at the decompression limit: the upload fails with the reason, nothing is kept", async () => {
  // A valid flow log, then 10 GiB of newlines as concatenated gzip members (~10 MB on disk).
  const member = gzipSync(Buffer.alloc(1024 * 1024, 0x0a), { level: 9 });
  const file = path.join(tmp, "bomb.log.gz");
  writeFileSync(file, Buffer.concat([gzipSync(readFileSync(FLOWS)), ...Array.from({ length: 10 * 1024 }, () => member)]));
  const incident = await newIncident("gzip bomb");
  const res = await uploadFiles(incident, [file]);
  expect(res.status).toBe(422);
  const [upload] = res.data.uploads;
  expect(upload).toMatchObject({ status: "failed", rowsParsed: 0 });
  expect(upload.failure).toMatch(/compression bomb/);
  expect(upload.failure).toMatch(/HINDSIGHT_MAX_COMPRESSION_RATIO/);
  // The rows COPYed before the limit was hit went with the rolled-back transaction, tables too.
  const { rows } = await db.pool.query(`SELECT relname FROM pg_class WHERE relname LIKE $1`, [`%_u${upload.id.replace(/-/g, "")}`]);
  expect(rows).toEqual([]);

  process.env.HINDSIGHT_MAX_DECOMPRESSED_BYTES = String(4 * 1024 * 1024);
  const capped = await uploadFiles(incident, [file]);
  expect(capped.data.uploads[0].failure).toMatch(/HINDSIGHT_MAX_DECOMPRESSED_BYTES/);
});

it("keeps the first series of an export over the series limit and reports the rest", async () => {
  const all = await uploadFiles(await newIncident("every series"), [PROMETHEUS]);
  expect(all.status).toBe(201);
  process.env.HINDSIGHT_MAX_SERIES_PER_UPLOAD = "2";
  const res = await uploadFiles(await newIncident("two series"), [PROMETHEUS]);
  expect(res.status).toBe(201);
  const [upload] = res.data.uploads;
  expect(upload.status).toBe("ready");
  const setAside = all.data.uploads[0].rowsParsed - upload.rowsParsed;
  expect(setAside).toBeGreaterThan(0);
  expect(upload.rowsRejected - all.data.uploads[0].rowsRejected).toBe(setAside);
  const note = (upload.errors as Array<{ message: string }>).find((e) => /HINDSIGHT_MAX_SERIES_PER_UPLOAD/.test(e.message));
  expect(note?.message).toMatch(new RegExp(`series beyond the first 2 were set aside with their ${setAside} points`));
});
