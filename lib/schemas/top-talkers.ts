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

/** A baseline as a shift of the range (Grafana's time shift) or as a chosen "normal" range. */
export const BASELINE_SHIFTS = { "-1h": -3_600_000, "-1d": -86_400_000, "-7d": -604_800_000 } as const;
export type TBaselineShift = keyof typeof BASELINE_SHIFTS;
export const ZBaselineShift = z.enum(Object.keys(BASELINE_SHIFTS) as [TBaselineShift, ...TBaselineShift[]]);

const ZTopRange = z
  .object({
    from: ZTime.optional(),
    to: ZTime.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(10),
    baseline: ZBaselineShift.optional(),
    baselineFrom: ZTime.optional(),
    baselineTo: ZTime.optional(),
    /** `change`: new or grown against the baseline first (needs one). */
    rank: z.enum(["value", "change"]).default("value"),
    /** Buckets of each row's sparkline over the range; 0 for none. */
    spark: z.coerce.number().int().min(0).max(120).default(0),
  });

type TRangeShape = z.infer<typeof ZTopRange>;

/** The cross-field rules every top query shares. */
export function checkBaseline(q: TRangeShape, ctx: z.RefinementCtx) {
  if ((q.baselineFrom === undefined) !== (q.baselineTo === undefined))
    ctx.addIssue({ code: "custom", path: ["baselineTo"], message: "`baselineFrom` and `baselineTo` go together" });
  else if (q.baselineFrom !== undefined && q.baselineTo! <= q.baselineFrom)
    ctx.addIssue({ code: "custom", path: ["baselineTo"], message: "`baselineTo` must be after `baselineFrom`" });
  if (q.baseline !== undefined && q.baselineFrom !== undefined)
    ctx.addIssue({ code: "custom", path: ["baseline"], message: "give either `baseline` (a shift) or `baselineFrom`/`baselineTo`, not both" });
  if (q.rank === "change" && q.baseline === undefined && q.baselineFrom === undefined)
    ctx.addIssue({ code: "custom", path: ["rank"], message: "`rank=change` needs a baseline: `baseline=-1h|-1d|-7d` or `baselineFrom`/`baselineTo`" });
}

export const ZTopFlowsFields = ZTopRange.extend({
  by: z.enum(TOP_FLOWS_BY).default("dst"),
  metric: z.enum(TOP_FLOWS_METRICS).default("flows"),
  src: ZAddress.optional(),
  dst: ZAddress.optional(),
  port: z.coerce.number().int().min(0).max(65535).optional(),
});
export const ZTopFlowsQuery = ZTopFlowsFields.superRefine(checkBaseline);
export const ZTopDnsQuery = ZTopRange.extend({
  by: z.enum(TOP_DNS_BY).default("qname"),
  metric: z.enum(TOP_DNS_METRICS).default("queries"),
}).superRefine(checkBaseline);
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
  /** With a baseline: the same metric in the baseline, scaled to the range's length (p90: as is). */
  baseline?: number;
  /** With a baseline: value / baseline; null when the key is new (absent from the baseline). */
  change?: number | null;
  /** With `spark=N`: the metric in N equal buckets of the range (p90: the count of answers). */
  spark?: number[];
}

export interface TTopBaseline {
  from: number;
  to: number;
  /** The shift asked for, when the baseline is one. */
  shift: TBaselineShift | null;
  /** Share of the baseline range the evidence covers (0 when it has none of it). */
  covered: number;
  /** The metric over the whole baseline, scaled like the rows' (null for p90). */
  total: number | null;
}

export interface TTopAnswer {
  kind: (typeof TOP_KINDS)[number];
  from: number;
  to: number;
  by: string;
  metric: string;
  /** The metric over everything in the range (null for p90). */
  total: number | null;
  rank: "value" | "change";
  baseline: TTopBaseline | null;
  rows: TTopRow[];
}
