// The detector contract: a detector reads one incident's evidence (rollups first, raw rows only
// inside a time window) and returns what it found. Persistence and scheduling live elsewhere.
import type { TDetectorId, TFindingBody } from "@/lib/schemas/finding";

/** What `pg.Pool` and `pg.Client` both offer. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export type EvidenceFamilyName = "flows" | "captures" | "metrics";

export interface MarkerLite {
  ts: number;
  endTs: number | null;
  kind: string;
  label: string;
}

export interface DetectorContext {
  incidentId: string;
  db: Queryable;
  /** Ready uploads of the incident per evidence family. */
  uploads: Record<EvidenceFamilyName, string[]>;
  /** Every ready upload, markers included. */
  uploadIds: string[];
  markers: MarkerLite[];
  /** Shares one computation between detectors of a run (e.g. one scan of dns_transactions). */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

export interface DetectedFinding extends TFindingBody {
  /** The main subject (an IP, a resolver pair, a metric): part of the fingerprint. */
  subject: string;
}

export interface Detector {
  id: TDetectorId;
  /** Runs when the incident has evidence of any of these families. */
  needs: EvidenceFamilyName[];
  detect(ctx: DetectorContext): Promise<DetectedFinding[]>;
}
