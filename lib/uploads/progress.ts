// In-process progress of running uploads, read by GET /api/uploads/:id while the ingest runs (a
// worker in another process also stores it on the upload's row, about once a second).
export interface UploadProgress {
  phase: "queued" | "fetching" | "parsing" | "indexing" | "analyzing";
  bytesTotal: number;
  bytesRead: number;
  rowsParsed: number;
  rowsRejected: number;
}

const registry = ((globalThis as unknown as { hindsightProgress?: Map<string, UploadProgress> }).hindsightProgress ??= new Map());

export function trackProgress(uploadId: string, bytesTotal: number): UploadProgress {
  const p: UploadProgress = { phase: "parsing", bytesTotal, bytesRead: 0, rowsParsed: 0, rowsRejected: 0 };
  registry.set(uploadId, p);
  return p;
}

export const readProgress = (uploadId: string): UploadProgress | undefined => registry.get(uploadId);

export const forgetProgress = (uploadId: string) => registry.delete(uploadId);
