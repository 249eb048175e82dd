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
  /**
   * Captures: every packet accounted for — decoded (up to IP: what the DNS and TCP numbers count)
   * or set aside with a reason; decoded + Σ setAside.count = total. Null for other evidence.
   */
  packets: { total: number; decoded: number; setAside: Array<{ reason: string; count: number }> } | null;
  /** Captures: the layers around the decoded packets' IP headers (VLAN, MPLS, VXLAN…); null for other evidence. */
  encapsulations: Array<{ name: string; count: number }> | null;
  progress?: { phase: string; bytesTotal: number; bytesRead: number; rowsParsed: number; rowsRejected: number };
};

/** The non-file fields of a multipart upload. */
export const ZUploadFields = z.object({
  kind: z.string().trim().min(1).max(64).optional(),
  source: z.string().trim().max(2000).optional(),
});
