// What every marker parser emits: points (endTs null) and bands on the incident's time axis.
import type { ParseIssue } from "../types";

export interface Marker {
  /** Epoch ms, UTC; a fraction is kept for µs sources (Kubernetes eventTime). */
  ts: number;
  /** Epoch ms for a band (rollout start → finish, a repeated event's first → last time); null for a point. */
  endTs: number | null;
  /** e.g. "deploy", "rollout", "k8s:Killing". */
  kind: string;
  label: string;
  /** Who reported it: "deployment-controller", "kubelet on ip-10-0-4-12", "argo" …; null when unknown. */
  source: string | null;
  /** What it is about, e.g. "Deployment prod/web" or "prod/coredns"; null when unknown. */
  object: string | null;
  message: string | null;
}

export interface MarkerSink {
  marker(m: Marker): void;
  /** Something was assumed (e.g. a zone-less time read as UTC) while the marker was kept. */
  warn(issue: ParseIssue): void;
  /** A record that was not kept, and why. */
  reject(issue: ParseIssue): void;
}
