// Every format Hindsight reads, in sniffing order, and the family ingester behind each.
import { CAPTURE_FORMATS } from "@/lib/parsers/capture/capture-formats";
import { FLOW_FORMATS } from "@/lib/parsers/flow-formats";
import { MARKER_FORMATS } from "@/lib/parsers/markers/markers-formats";
import { METRIC_FORMATS } from "@/lib/parsers/metrics/metric-formats";
import type { EvidenceFamily, FamilyIngester, FormatEntry } from "./family";
import { ingestFlows } from "./ingest-flows";
import { ingestMarkers } from "./ingest-markers";
import { ingestMetrics } from "./ingest-metrics";

type AnyFormat = FormatEntry<unknown>;

const tag = (family: EvidenceFamily, formats: ReadonlyArray<Omit<AnyFormat, "family">>): AnyFormat[] =>
  formats.map((f) => ({ ...f, family }) as AnyFormat);

/** Binary captures first (unambiguous magic), then the text/JSON families, most specific first. */
export const FORMATS: AnyFormat[] = [
  ...tag("captures", CAPTURE_FORMATS as never),
  ...tag("flows", FLOW_FORMATS as never),
  ...tag("markers", MARKER_FORMATS as never),
  ...tag("metrics", METRIC_FORMATS as never),
];

export const INGESTERS: Partial<Record<EvidenceFamily, FamilyIngester>> = {
  flows: ingestFlows,
  metrics: ingestMetrics,
  markers: ingestMarkers,
};

export function detectFormat(head: Uint8Array): AnyFormat | null {
  for (const format of FORMATS) {
    try {
      if (format.sniff(head)) return format;
    } catch {
      // A sniffer must not throw; if one does, it simply does not claim the file.
    }
  }
  return null;
}

export const formatByKind = (kind: string): AnyFormat | null => FORMATS.find((f) => f.kind === kind) ?? null;

export const knownKinds = () => FORMATS.map((f) => f.kind);
