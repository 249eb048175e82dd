// The format registry's entries and what an evidence family's ingester receives. An entry is a
// union on `family`, so narrowing on it gives the parser factory the right sink type.
import type pg from "pg";
import type { EvidenceFamily } from "@/lib/evidence/families";
import type { PacketAccounting } from "@/lib/captures/capture-analyzer";
import type { CaptureFormat } from "@/lib/parsers/capture/capture-formats";
import type { FlowFormat } from "@/lib/parsers/flow-formats";
import type { MarkerFormat } from "@/lib/parsers/markers/markers-formats";
import type { MetricFormat } from "@/lib/parsers/metrics/metric-formats";
import type { UploadProgress } from "@/lib/uploads/progress";
import type { IssueLog } from "./issue-log";

export type { EvidenceFamily };

export type FlowEntry = FlowFormat & { family: "flows" };
export type CaptureEntry = CaptureFormat & { family: "captures" };
export type MetricEntry = MetricFormat & { family: "metrics" };
export type MarkerEntry = MarkerFormat & { family: "markers" };
export type FormatEntry = FlowEntry | CaptureEntry | MetricEntry | MarkerEntry;

/** An upload's clock as ingest applies it: `offsetMs` is added to every time, `timeZone` reads zoneless timestamps. */
export interface UploadClock {
  offsetMs: number;
  timeZone: string | null;
}

/** One file of an upload batch. */
export interface IngestMember<F extends FormatEntry = FormatEntry> {
  uploadId: string;
  format: F;
  /** Absent: as written, zoneless times read as UTC. */
  clock?: UploadClock;
  /** Re-reading a stored upload: its tables are built beside the live ones, which the caller swaps out (partitions.ts). */
  staged?: boolean;
  /** Flow logs: the layout of headerless AWS records (the upload's `fields`); absent: detected. */
  flowFields?: readonly string[];
  /** Captures: the ports whose payload is DNS (the upload's `dnsPorts`); absent: DEFAULT_DNS_PORTS. */
  dnsPorts?: readonly number[];
  /** Decompressed content; a truncated gzip simply ends it (noted in `issues`). */
  chunks: AsyncIterable<Buffer>;
  progress: UploadProgress;
  issues: IssueLog;
}

export interface IngestInput<F extends FormatEntry = FormatEntry> extends IngestMember<F> {
  /** A client inside the upload's transaction. */
  client: pg.PoolClient;
  incidentId: string;
}

export interface IngestOutcome {
  rowsParsed: number;
  /** Flow logs: NODATA/SKIPDATA windows stored as coverage gaps (not counted in rowsParsed). */
  gaps?: number;
  /** Epoch ms range of the evidence, null when nothing was kept. */
  timeFrom: number | null;
  timeTo: number | null;
  /** Captures: how every packet was accounted for (stored in uploads.packets). */
  packets?: PacketAccounting;
}

export type FamilyIngester<F extends FormatEntry> = (input: IngestInput<F>) => Promise<IngestOutcome>;
