// Counter or gauge, from the metric's name: exports carry no type (CSV, JSON, CloudWatch) or it
// is not kept, and Prometheus' naming rules make the suffix reliable: `_total` for counters,
// `_count`, `_sum` and `_bucket` for the counters inside summaries and histograms.
export type TMetricKind = "counter" | "gauge";

const COUNTER = /_(total|count|sum|bucket)$/;

export const metricKind = (name: string): TMetricKind => (COUNTER.test(name) ? "counter" : "gauge");

/** How a panel draws a metric unless told otherwise: counters as per-second rates, gauges as values. */
export const defaultAgg = (name: string) => (metricKind(name) === "counter" ? "rate" : "avg");
