import { z } from "zod";

export const UPLOAD_STATUSES = ["ingesting", "ready", "failed"] as const;

/** An upload as the API returns it (times in epoch ms). */
export type TUpload = {
  id: string;
  incidentId: string;
  filename: string;
  kind: string;
  status: (typeof UPLOAD_STATUSES)[number];
  size: number;
  sha256: string;
  rowsParsed: number;
  rowsRejected: number;
  timeRange: { from: number | null; to: number | null };
  errors: Array<{ line: number; message: string }>;
  source: string | null;
  failure: string | null;
  createdAt: number;
  finishedAt: number | null;
  duplicate: boolean;
  progress?: { phase: string; bytesTotal: number; bytesRead: number; rowsParsed: number; rowsRejected: number };
};

/** The non-file fields of a multipart upload. */
export const ZUploadFields = z.object({
  kind: z.string().trim().min(1).max(64).optional(),
  source: z.string().trim().max(2000).optional(),
});
