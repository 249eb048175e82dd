import { METRIC_FORMATS } from "@/lib/parsers/metrics/metric-formats";

export const METRIC_KINDS = METRIC_FORMATS.map((f) => f.kind);
