// Raw uploaded files, kept content-addressed by sha256 under <data dir>/blobs so any upload can
// be re-parsed later. A file is first streamed to a temp file while it is hashed (bounded memory).
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export const blobRoot = () => path.resolve(process.env.HINDSIGHT_DATA_DIR || ".data", "blobs");

export const blobPath = (sha256: string) => path.join(blobRoot(), sha256.slice(0, 2), sha256);

export interface ReceivedFile {
  tempPath: string;
  filename: string;
  sha256: string;
  size: number;
}

/**
 * Streams `source` to a temp file, hashing as it goes; `onBytes` reports progress. `check` sees
 * the bytes first and may refuse the file (its error fails the receipt, and nothing is kept).
 */
export async function receiveToTemp(source: Readable, filename: string, onBytes?: (n: number) => void, check?: Transform): Promise<ReceivedFile> {
  const dir = path.join(blobRoot(), "tmp");
  await mkdir(dir, { recursive: true });
  const tempPath = path.join(dir, randomUUID());
  const hash = createHash("sha256");
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      onBytes?.(size);
      done(null, chunk);
    },
  });
  const out = createWriteStream(tempPath);
  try {
    if (check) await pipeline(source, check, tap, out);
    else await pipeline(source, tap, out);
  } catch (error) {
    // A pipeline can fail while the file is still being opened; removed before it closes, the
    // file would appear after its removal and stay in tmp/ for good.
    if (!out.closed) await new Promise<void>((resolve) => out.once("close", () => resolve()));
    await rm(tempPath, { force: true });
    throw error;
  }
  return { tempPath, filename, sha256: hash.digest("hex"), size };
}

/** Moves a received file to its content address (or drops it when that blob exists already). */
export async function keepBlob(file: ReceivedFile): Promise<string> {
  const target = blobPath(file.sha256);
  await mkdir(path.dirname(target), { recursive: true });
  const exists = await stat(target).then(() => true, () => false);
  if (exists) await rm(file.tempPath, { force: true });
  else await rename(file.tempPath, target);
  return target;
}

export const discardTemp = (file: ReceivedFile) => rm(file.tempPath, { force: true });

/**
 * Removes the raw files of deleted uploads, unless another upload (in any incident) still holds
 * the same content: blobs are shared by content address. Call after the delete has committed.
 */
export async function removeUnusedBlobs(queryable: { query: (sql: string, values: unknown[]) => Promise<{ rowCount: number | null }> }, sha256s: string[]): Promise<void> {
  for (const sha256 of new Set(sha256s)) {
    const { rowCount } = await queryable.query("SELECT 1 FROM uploads WHERE sha256 = $1 LIMIT 1", [sha256]);
    if (!rowCount) await rm(blobPath(sha256), { force: true });
  }
}

/** At start no upload is being received, so what is left in tmp/ belongs to a process that died. */
export async function clearTempFiles(): Promise<number> {
  const dir = path.join(blobRoot(), "tmp");
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.map((n) => rm(path.join(dir, n), { force: true })));
  return names.length;
}

/** Raw files no upload holds any more (a crash between a deletion's commit and its file removal). */
export async function removeOrphanBlobs(db: { query: (sql: string, values?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }> }): Promise<number> {
  const root = blobRoot();
  let removed = 0;
  for (const prefix of await readdir(root).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of await readdir(path.join(root, prefix)).catch(() => [] as string[])) {
      const { rows } = await db.query("SELECT 1 FROM uploads WHERE sha256 = $1 LIMIT 1", [name]);
      if (rows.length) continue;
      await rm(path.join(root, prefix, name), { force: true });
      removed++;
    }
  }
  return removed;
}

