// GET /api/incidents/:id/top/{flows|dns}: who is talking in a range, ranked.
import { z } from "zod";
import { ZAddress } from "./series";
import { ZTime } from "./time";

export const TOP_KINDS = ["flows", "dns"] as const;
export const TOP_FLOWS_BY = ["src", "dst", "pair", "port", "interface", "protocol"] as const;
/** `syn`: SYN-only flows (no SYN-ACK in them); `reject`: REJECTed flows; `rst`: flows with a RST. */
export const TOP_FLOWS_METRICS = ["flows", "packets", "bytes", "syn", "reject", "rst"] as const;
export const TOP_DNS_BY = ["qname", "client", "resolver", "qtype", "rcode"] as const;
/** `slow`: answers over 1 s; `p90`: latency ms (a ranking, not a sum: no share). */
export const TOP_DNS_METRICS = ["queries", "unanswered", "servfail", "nxdomain", "slow", "p90"] as const;

const ZTopRange = z.object({
  from: ZTime.optional(),
  to: ZTime.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export const ZTopFlowsQuery = ZTopRange.extend({
  by: z.enum(TOP_FLOWS_BY).default("dst"),
  metric: z.enum(TOP_FLOWS_METRICS).default("flows"),
  src: ZAddress.optional(),
  dst: ZAddress.optional(),
  port: z.coerce.number().int().min(0).max(65535).optional(),
});
export const ZTopDnsQuery = ZTopRange.extend({
  by: z.enum(TOP_DNS_BY).default("qname"),
  metric: z.enum(TOP_DNS_METRICS).default("queries"),
});
export type TTopFlowsQuery = z.infer<typeof ZTopFlowsQuery>;
export type TTopDnsQuery = z.infer<typeof ZTopDnsQuery>;

export interface TTopRow {
  /** The address, pair (`a -> b`), port, interface, protocol number, name, type or rcode. */
  key: string;
  /** A readable form where the key is a code (`TCP`, `PTR`, `NXDOMAIN`). */
  label: string;
  value: number;
  /** value / total of the range; null for p90. */
  share: number | null;
}

export interface TTopAnswer {
  kind: (typeof TOP_KINDS)[number];
  from: number;
  to: number;
  by: string;
  metric: string;
  /** The metric over everything in the range (null for p90). */
  total: number | null;
  rows: TTopRow[];
}
