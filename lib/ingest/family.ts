// What an evidence family (flows, captures, metrics, markers) provides to the upload pipeline.
import type pg from "pg";
import type { FormatInfo, StreamParser } from "@/lib/parsers/types";
import type { IssueLog } from "./issue-log";
import type { UploadProgress } from "@/lib/uploads/progress";

import type { EvidenceFamily } from "@/lib/evidence/families";

export type { EvidenceFamily };

export interface FormatEntry<Sink = never> extends FormatInfo {
  family: EvidenceFamily;
  create(sink: Sink, options?: Record<string, unknown>): StreamParser;
}

export interface IngestInput {
  /** A client inside the upload's transaction. */
  client: pg.PoolClient;
  uploadId: string;
  incidentId: string;
  format: FormatEntry<unknown>;
  /** Decompressed content; a truncated gzip simply ends it (noted in `issues`). */
  chunks: AsyncIterable<Buffer>;
  progress: UploadProgress;
  issues: IssueLog;
}

export interface IngestOutcome {
  rowsParsed: number;
  /** Epoch ms range of the evidence, null when nothing was kept. */
  timeFrom: number | null;
  timeTo: number | null;
}

export type FamilyIngester = (input: IngestInput) => Promise<IngestOutcome>;
