// Every metric format, in sniffing order: the first whose sniff() accepts the head wins, so the
// most specific come first (JSON keyed shapes, then line grammars, then CSV headers).
import type { FormatInfo, StreamParser } from "../types";
import {
  cloudwatchMetricDataFormat,
  cloudwatchStatisticsFormat,
  createCloudwatchMetricDataParser,
  createCloudwatchStatisticsParser,
} from "./cloudwatch";
import { createDatadogCsvParser, datadogCsvFormat } from "./datadog-csv";
import { createDatadogQueryParser, datadogQueryFormat } from "./datadog-query";
import { createGrafanaCsvParser, grafanaCsvFormat } from "./grafana-csv";
import { createInfluxLineParser, influxLineFormat, type InfluxOptions } from "./influx-line";
import type { MetricParserOptions, MetricSink } from "./metric-sink";
import { createMetricsCsvParser, metricsCsvFormat } from "./metrics-csv";
import { createExpositionParser, expositionFormat, type ExpositionOptions } from "./openmetrics-text";
import { createPrometheusApiParser, prometheusApiFormat, type PrometheusApiOptions } from "./prometheus-api";
import { createUnboundStatsParser, unboundStatsFormat } from "./unbound-stats";

/** Every option any metric parser reads; each parser ignores the ones that are not its own. */
export type MetricFormatOptions = PrometheusApiOptions & ExpositionOptions & InfluxOptions & MetricParserOptions;

export interface MetricFormat extends FormatInfo {
  create(sink: MetricSink, options?: MetricFormatOptions): StreamParser;
}

export const METRIC_FORMATS: readonly MetricFormat[] = [
  { ...prometheusApiFormat, create: createPrometheusApiParser },
  { ...datadogQueryFormat, create: createDatadogQueryParser },
  { ...cloudwatchMetricDataFormat, create: createCloudwatchMetricDataParser },
  { ...cloudwatchStatisticsFormat, create: createCloudwatchStatisticsParser },
  { ...unboundStatsFormat, create: createUnboundStatsParser },
  { ...influxLineFormat, create: createInfluxLineParser },
  { ...expositionFormat, create: createExpositionParser },
  { ...grafanaCsvFormat, create: createGrafanaCsvParser },
  { ...datadogCsvFormat, create: createDatadogCsvParser },
  { ...metricsCsvFormat, create: createMetricsCsvParser },
];

/** The first metric format that claims `head`, or null. */
export function sniffMetricFormat(head: Uint8Array): MetricFormat | null {
  return METRIC_FORMATS.find((f) => f.sniff(head)) ?? null;
}
