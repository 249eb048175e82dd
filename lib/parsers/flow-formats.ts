// The flow-log formats in sniffing order: JSON shapes first (GCP entries, then CloudWatch events,
// whose sniffers look for their own keys), then CSV (needs a flow header), then S3 text last, whose
// headerless v2 check is the loosest.
import { awsVpcFlowFormat, createAwsVpcFlowParser } from "./aws-vpc-flow";
import { cloudwatchFlowFormat, createCloudWatchFlowParser } from "./cloudwatch-flow";
import type { FlowSink } from "./flow-record";
import { createFlowCsvParser, flowCsvFormat } from "./flow-csv";
import { createGcpFlowParser, gcpFlowFormat } from "./gcp-flow";
import type { FormatInfo, StreamParser } from "./types";
import type { VpcFlowOptions } from "./vpc-record";

export interface FlowFormat extends FormatInfo {
  /** `options.fields` applies to headerless AWS records (ignored by GCP). */
  create(sink: FlowSink, options?: VpcFlowOptions): StreamParser;
}

export const FLOW_FORMATS: readonly FlowFormat[] = [
  { ...gcpFlowFormat, create: (sink) => createGcpFlowParser(sink) },
  { ...cloudwatchFlowFormat, create: createCloudWatchFlowParser },
  { ...flowCsvFormat, create: createFlowCsvParser },
  { ...awsVpcFlowFormat, create: createAwsVpcFlowParser },
];
