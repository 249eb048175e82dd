// Which family (flows, captures, metrics, markers) each stored evidence kind belongs to. Readers
// need this to choose tables and panels; they must not load the parsers to learn it, so the map
// lives here and the format registry is checked against it.
import { EVIDENCE_FAMILIES, type EvidenceFamily } from "@/lib/schemas/evidence-family";

export { EVIDENCE_FAMILIES, type EvidenceFamily };

/** Every `uploads.kind` Hindsight writes, by family. */
export const KINDS_BY_FAMILY = {
  flows: ["gcp-vpc-flow", "aws-vpc-flow-cloudwatch", "flow-csv", "aws-vpc-flow"],
  captures: ["pcap", "pcapng", "snoop", "tshark-fields", "tcpdump-text"],
  metrics: [
    "prometheus-api-json", "datadog-query-json", "cloudwatch-get-metric-data", "cloudwatch-get-metric-statistics",
    "unbound-stats", "influx-line-protocol", "prometheus-text", "grafana-csv", "datadog-csv", "metrics-csv",
  ],
  markers: ["k8s-events", "deploy-markers-json", "deploy-markers-csv"],
} as const satisfies Record<EvidenceFamily, readonly string[]>;

export type EvidenceKind<F extends EvidenceFamily = EvidenceFamily> = (typeof KINDS_BY_FAMILY)[F][number];

export const FLOW_KINDS: string[] = [...KINDS_BY_FAMILY.flows];
export const CAPTURE_KINDS: string[] = [...KINDS_BY_FAMILY.captures];
export const METRIC_KINDS: string[] = [...KINDS_BY_FAMILY.metrics];
export const MARKER_KINDS: string[] = [...KINDS_BY_FAMILY.markers];

const FAMILY_OF = new Map<string, EvidenceFamily>(
  EVIDENCE_FAMILIES.flatMap((family) => KINDS_BY_FAMILY[family].map((kind) => [kind, family] as const)),
);

/** The family of a stored kind; null for a kind this version does not know. */
export const familyOfKind = (kind: string): EvidenceFamily | null => FAMILY_OF.get(kind) ?? null;
