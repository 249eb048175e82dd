// Every format Hindsight reads, in sniffing order, each tagged with the family that ingests it.
import { CAPTURE_FORMATS } from "@/lib/parsers/capture/capture-formats";
import { awsVpcFlowFormat, awsVpcFlowLayoutProblem, sniffAwsVpcFlowWithFields } from "@/lib/parsers/aws-vpc-flow";
import { cloudwatchFlowFormat, sniffCloudWatchFlowWithFields } from "@/lib/parsers/cloudwatch-flow";
import { FLOW_FORMATS } from "@/lib/parsers/flow-formats";
import { MARKER_FORMATS } from "@/lib/parsers/markers/markers-formats";
import { METRIC_FORMATS } from "@/lib/parsers/metrics/metric-formats";
import { ApiError } from "@/lib/api/errors";
import type { FormatEntry } from "./family";

/** Binary captures first (unambiguous magic), then the text/JSON families, most specific first. */
export const FORMATS: readonly FormatEntry[] = [
  ...CAPTURE_FORMATS.map((f) => ({ ...f, family: "captures" as const })),
  ...FLOW_FORMATS.map((f) => ({ ...f, family: "flows" as const })),
  ...MARKER_FORMATS.map((f) => ({ ...f, family: "markers" as const })),
  ...METRIC_FORMATS.map((f) => ({ ...f, family: "metrics" as const })),
];

/**
 * The format of a file by its first bytes. `flowFields` (the upload's `fields`) lets headerless
 * AWS records of a custom layout be recognised, which no sniffer could tell from the values alone.
 */
export function detectFormat(head: Uint8Array, flowFields?: readonly string[]): FormatEntry | null {
  for (const format of FORMATS) {
    try {
      if (format.sniff(head)) return format;
    } catch {
      // A sniffer must not throw; if one does, it simply does not claim the file.
    }
  }
  if (flowFields) {
    if (sniffAwsVpcFlowWithFields(head, flowFields)) return formatByKind(awsVpcFlowFormat.kind);
    if (sniffCloudWatchFlowWithFields(head, flowFields)) return formatByKind(cloudwatchFlowFormat.kind);
  }
  return null;
}

/** Why no format claimed a (non-empty) head, for the refusal. */
export const whyUnreadable = (head: Uint8Array): string => awsVpcFlowLayoutProblem(head) ?? "not a known evidence format";

export const formatByKind = (kind: string): FormatEntry | null => FORMATS.find((f) => f.kind === kind) ?? null;

export const knownKinds = () => FORMATS.map((f) => f.kind);

type EntryOf<F extends FormatEntry["family"]> = Extract<FormatEntry, { family: F }>;

/** The registry entry of `kind`, which must belong to `family` (for callers that ingest one family directly). */
export function familyFormat<F extends FormatEntry["family"]>(family: F, kind: string): EntryOf<F> {
  const isOfFamily = (f: FormatEntry | null): f is EntryOf<F> => f?.family === family;
  const format = formatByKind(kind);
  if (!isOfFamily(format)) throw new Error(`${kind} is not a ${family} format`);
  return format;
}

/** The refusal of files no format claims: nothing of the request is stored. */
export function unsupportedFormat(files: Array<{ filename: string; reason: string }>): ApiError {
  const names = files.map((u) => `${u.filename} (${u.reason})`).join(", ");
  return new ApiError("unsupported_format", `Hindsight cannot read ${names}. Nothing was stored.`, {
    files,
    supported: FORMATS.map((f) => f.label),
  });
}
