// Findings as the API returns them (GET /api/incidents/:id/findings) and what a detector reports.
// Shared by the detectors, the findings store and the findings list in the browser: no imports.

export const DETECTOR_IDS = [
  "syn-storm", "rst-burst", "conntrack-pressure", "dns-latency", "resolver-pps",
  "dns-amplification", "dns-loop", "tcp-resolver-retransmits", "query-mix", "dns-health",
] as const;
export type TDetectorId = (typeof DETECTOR_IDS)[number];

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type TSeverity = (typeof SEVERITIES)[number];

/** A series endpoint (`/api/incidents/:id/series/{panel}`) and the query that shows the finding. */
export interface TEvidenceView {
  panel: "flows" | "packets" | "dns" | "metrics";
  query: Record<string, string | number>;
}

export interface TFindingSubject {
  kind: "destination" | "source" | "resolver" | "resolver-pair" | "metric" | "qtype" | "dns";
  /** An IP, "A <-> B", a metric name, a query type, or what part of DNS ("p90 latency"). */
  value: string;
  port?: number;
}

export interface TFindingEvidence extends TEvidenceView {
  subject: TFindingSubject;
  /** The clients involved, busiest first (capped). */
  clients?: string[];
  /** Metric names the finding rests on. */
  metrics?: string[];
  /** Markers (rollouts, restarts, jobs) within two minutes of the finding. */
  markers?: Array<{ ts: number; endTs: number | null; kind: string; label: string }>;
  /** More panels worth opening beside the main one. */
  also?: TEvidenceView[];
  /** The numbers behind the decision (counts, rates, baselines). */
  facts: Record<string, number | string | null>;
}

/** "for": a problem in the evidence; "against": evidence that argues against a common hypothesis. */
export type TFindingStance = "for" | "against";

/** What a detector says; stored findings add identity and the team's decisions. */
export interface TFindingBody {
  detector: TDetectorId;
  /** Absent: "for". */
  stance?: TFindingStance;
  title: string;
  explanation: string;
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  severity: TSeverity;
  /** 0..1 */
  confidence: number;
  evidence: TFindingEvidence;
}

export interface TFinding extends TFindingBody {
  id: string;
  stance: TFindingStance;
  dismissedAt: number | null;
  acceptedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface TDetectorRunStatus {
  /** "running" also while a run is queued (evidence just changed). */
  status: "idle" | "running";
  lastRunAt: number | null;
  /** Detectors finished in the current run. */
  progress: { done: number; total: number } | null;
  /** The last run's failure, if it failed. */
  error: string | null;
}

export type TFindingsResponse = TDetectorRunStatus & { findings: TFinding[]; nextCursor: string | null };
