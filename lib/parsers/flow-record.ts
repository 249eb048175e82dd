// What every flow-log parser (AWS text, CloudWatch exports, Athena/Insights CSV, GCP JSON) emits.
import type { ParseIssue } from "./types";

export interface FlowRecord {
  /** Epoch milliseconds (AWS: seconds × 1000). The flow is counted in the bucket of `start`. */
  start: number;
  end: number;
  srcaddr: string | null;
  dstaddr: string | null;
  srcport: number | null;
  dstport: number | null;
  /** IANA protocol number (6 TCP, 17 UDP, 1 ICMP …). */
  protocol: number | null;
  packets: number | null;
  bytes: number | null;
  action: "ACCEPT" | "REJECT" | null;
  /** OR of the window's TCP flags; null when the field is absent or `-`. */
  tcpFlags: number | null;
  direction: "ingress" | "egress" | null;
  interfaceId: string | null;
  pktSrcaddr: string | null;
  pktDstaddr: string | null;
  accountId: string | null;
  vpcId: string | null;
  subnetId: string | null;
  instanceId: string | null;
}

/** NODATA / SKIPDATA: a window with no records, stored as a coverage gap, never as a flow. */
export interface CoverageGap {
  start: number;
  end: number;
  status: "NODATA" | "SKIPDATA";
  interfaceId: string | null;
  accountId: string | null;
}

export interface FlowSink {
  /** `line` (1-based), when the parser knows it, lets the sink reject a record it cannot store precisely. */
  flow(record: FlowRecord, line?: number): void;
  gap(gap: CoverageGap): void;
  reject(issue: ParseIssue): void;
  /** Something the user should know that lost no record (an assumption about the layout, skipped control messages). */
  note?(issue: ParseIssue): void;
}
