// The browser's view of one multipart upload of several files (one request, one batch on the
// server): how far each file is, from the progress of the whole request, the upload list polled
// while the server works, and the answer at the end.
import { z } from "zod";
import type { TUpload, TUploadAnswer } from "@/lib/schemas/upload";

export interface BatchFile {
  filename: string;
  size: number;
}

/**
 * Bytes of each file sent so far, from the progress of the whole body. Files are in body order;
 * the bytes that are not file content (part headers, boundaries, fields) are spread evenly over
 * the parts, each part's share before its content.
 */
export function sentPerFile(loaded: number, total: number, sizes: number[]): number[] {
  const content = sizes.reduce((a, s) => a + s, 0);
  const overhead = sizes.length ? Math.max(0, total - content) / sizes.length : 0;
  let start = 0;
  return sizes.map((size) => {
    const sent = Math.min(size, Math.max(0, loaded - start - overhead));
    start += overhead + size;
    return Math.floor(sent);
  });
}

/**
 * The upload row of each file while the request runs: the server writes a row when it starts a
 * file, so a row that was not there before the batch (`known`) with the file's name and size is
 * that file's. Rows are claimed once, in order, so two files of the same name and size each get one.
 */
export function liveUploads(files: BatchFile[], uploads: TUpload[], known: ReadonlySet<string>): Array<TUpload | undefined> {
  const claimed = new Set<string>();
  return files.map((f) => {
    const row = uploads.find((u) => !known.has(u.id) && !claimed.has(u.id) && u.filename === f.filename && u.size === f.size);
    if (row) claimed.add(row.id);
    return row;
  });
}

/** How a batch ended: a result per file, or the request refused (or lost) as a whole. */
export type BatchOutcome =
  | { kind: "files"; uploads: Array<TUpload | undefined> }
  | { kind: "refused"; message: string; code: string; named: string[]; stored: "nothing" | "unknown" };

const ZNamedFiles = z.object({ files: z.array(z.object({ filename: z.string() })) });

const NOTHING_STORED = /nothing (of it |of this batch )?was stored/i;

/**
 * Reads the server's answer. The uploads come back one per file in the order they were sent; a
 * 4xx without uploads is decided before anything is stored (unreadable format, bad request), so
 * the message says so when the server's does not; after anything else (a 5xx, an unreadable
 * body) part of the batch may have been stored.
 */
export function batchOutcome(status: number, body: TUploadAnswer | null, files: BatchFile[]): BatchOutcome {
  if (body?.uploads?.length) {
    const uploads = body.uploads;
    if (uploads.length === files.length) return { kind: "files", uploads };
    const claimed = new Set<string>();
    return {
      kind: "files",
      uploads: files.map((f) => {
        const u = uploads.find((x) => !claimed.has(x.id) && x.filename === f.filename);
        if (u) claimed.add(u.id);
        return u;
      }),
    };
  }
  const error = body?.error;
  let message = error?.message ?? (body ? `The server answered HTTP ${status}.` : `The server answered HTTP ${status} with a body Hindsight could not read.`);
  const before = status >= 400 && status < 500;
  if (before && !NOTHING_STORED.test(message)) message += " Nothing of this batch was stored.";
  if (!before) message += " Some files of the batch may have been stored: check the list of uploaded files.";
  const details = ZNamedFiles.safeParse(error?.details);
  return {
    kind: "refused",
    message,
    code: error?.code ?? `http_${status}`,
    named: details.success ? details.data.files.map((f) => f.filename) : [],
    stored: before ? "nothing" : "unknown",
  };
}

/** One file's state, as the panel shows it. */
export type FileState =
  | { state: "sending"; sent: number }
  | { state: "sent" }
  | { state: "waiting" }
  | { state: "ingesting"; upload: TUpload }
  | { state: "ready" | "duplicate" | "failed"; upload: TUpload }
  | { state: "refused"; message: string; named: boolean; stored: "nothing" | "unknown" };

export type BatchPhase = "sending" | "processing" | "settled";

/**
 * A file's state from its batch: bytes on the wire while sending, then its upload row while the
 * server works (the row of a file that finished early is final already), then the answer.
 */
export function fileState(
  file: BatchFile,
  index: number,
  phase: BatchPhase,
  sent: number,
  live: TUpload | undefined,
  outcome: BatchOutcome | undefined,
): FileState {
  if (outcome?.kind === "refused") {
    return { state: "refused", message: outcome.message, named: outcome.named.includes(file.filename), stored: outcome.stored };
  }
  const upload = outcome ? outcome.uploads[index] : live;
  if (outcome && !upload) return { state: "refused", message: "The server's answer did not mention this file.", named: false, stored: "unknown" };
  if (phase === "sending") return sent >= file.size ? { state: "sent" } : { state: "sending", sent };
  if (!upload) return { state: "waiting" };
  if (upload.status === "queued") return { state: "waiting" };
  if (upload.status === "ingesting") return { state: "ingesting", upload };
  return { state: upload.duplicate ? "duplicate" : upload.status, upload };
}
