// The series contract, shared by the API route, the server's series queries and the app's client:
// the kinds, their query parameters, the bucket arithmetic both sides agree on, and the two
// encodings of an answer. Shared with the browser: nothing here may import server-only code.
import { z } from "zod";
import { zText } from "./text";
import type { EvidenceFamily } from "./evidence-family";
import { ACTIONS, DIRECTIONS } from "@/lib/flows/codes";
import { FLAG_CLASSES } from "@/lib/flows/flag-class";
import { ZTime } from "./time";

export const SERIES_KINDS = ["flows", "packets", "dns", "metrics"] as const;
export const ZSeriesKind = z.enum(SERIES_KINDS);
export type TSeriesKind = z.infer<typeof ZSeriesKind>;

export const FLOW_GROUPS = ["flag", "direction", "action"] as const;
export const FLOW_METRICS = ["flows", "packets", "bytes"] as const;
/** `rate`: per-second increase of a counter between samples (resets count from zero), averaged per bucket. */
export const METRIC_AGGS = ["avg", "max", "min", "sum", "last", "rate"] as const;
export type TFlowGroup = (typeof FLOW_GROUPS)[number];
export type TFlowMetric = (typeof FLOW_METRICS)[number];
export type TMetricAgg = (typeof METRIC_AGGS)[number];

/** The series keys of each group of a flows answer (the stored small-integer codes, in order). */
export const FLOW_GROUP_KEYS = { flag: FLAG_CLASSES, direction: DIRECTIONS, action: ACTIONS } as const satisfies Record<TFlowGroup, readonly string[]>;
/** A packets answer: the TCP flag classes, then SYN retransmissions. */
export const PACKET_SERIES_KEYS = [...FLAG_CLASSES, "retransmissions"] as const;
export const DNS_COUNT_KEYS = ["queries", "answered", "unanswered", "servfail", "nxdomain"] as const;
export const DNS_FAILURE_KEYS = ["unanswered", "servfail", "nxdomain"] as const satisfies ReadonlyArray<(typeof DNS_COUNT_KEYS)[number]>;
/** Latency percentiles in the order of the stored quantiles, then the exact maximum. */
export const DNS_PERCENTILE_KEYS = ["p50", "p90", "p99"] as const;
export const DNS_LATENCY_KEYS = [...DNS_PERCENTILE_KEYS, "max"] as const;

// ---- Time ranges and bucket steps ----------------------------------------------------------
// Buckets are aligned to multiples of the step since the epoch, so the same bucket has the same
// start in every panel and every query.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "Nice" steps; evidence is rolled up per second, so 1 s is the finest. */
export const STEPS_MS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 365 * DAY,
];

export const MAX_POINTS = 10_000;
/** A century: beyond it bucket arithmetic leaves what the database can add to a timestamp. */
const MAX_STEP_MS = 36_500 * DAY;
export const DEFAULT_MAX_POINTS = 1000;
const UNIT_MS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY };

/** "10s", "1m", "1h", "1d", or a number of milliseconds. */
export const ZStep = z.union([z.number(), z.string().trim()]).transform((value, ctx) => {
  const m = typeof value === "number" ? null : /^(\d+)(ms|s|m|h|d)?$/.exec(value);
  const ms = typeof value === "number" ? value : m ? Number(m[1]) * UNIT_MS[m[2] ?? "ms"]! : NaN;
  if (!Number.isInteger(ms) || ms < SECOND || ms % SECOND !== 0) {
    ctx.addIssue({ code: "custom", message: `step must be a whole number of seconds such as 1s, 10s, 1m or 1h (got ${JSON.stringify(value)})` });
    return z.NEVER;
  }
  if (ms > MAX_STEP_MS) {
    ctx.addIssue({ code: "custom", message: `step must be at most 36500d (got ${JSON.stringify(value)})` });
    return z.NEVER;
  }
  return ms;
});

/** from/to (epoch ms or ISO-8601), and either a step or at most maxPoints buckets. */
export const ZRangeQuery = z.object({
  from: ZTime.optional(),
  to: ZTime.optional(),
  step: ZStep.optional(),
  maxPoints: z.coerce.number().int().min(10).max(MAX_POINTS).optional(),
});
export type TRangeQuery = z.infer<typeof ZRangeQuery>;

export function chooseStep(from: number, to: number, maxPoints: number): number {
  const span = Math.max(to - from, SECOND);
  return STEPS_MS.find((s) => Math.ceil(span / s) <= maxPoints) ?? STEPS_MS[STEPS_MS.length - 1]!;
}

export type TBuckets = { from: number; to: number; step: number; count: number };

/** [from, to) widened to whole buckets of `step`. */
export function alignBuckets(from: number, to: number, step: number): TBuckets {
  const alignedFrom = Math.floor(from / step) * step;
  const alignedTo = Math.ceil(to / step) * step;
  return { from: alignedFrom, to: alignedTo, step, count: (alignedTo - alignedFrom) / step };
}

// ---- Queries, one schema per kind -------------------------------------------------------------

/**
 * An IP address or CIDR, as far as its characters go. The server checks the address itself with
 * node's parser (lib/series/flow-series.ts), which the browser does not have.
 */
export const ADDRESS_RE = /^[0-9a-fA-F:.]{2,45}(\/\d{1,3})?$/;
export const ZAddress = z.string().trim().regex(ADDRESS_RE, "not an IP address or CIDR");

export const ZFlowSeriesQuery = ZRangeQuery.extend({
  groupBy: z.enum(FLOW_GROUPS).default("flag"),
  metric: z.enum(FLOW_METRICS).default("flows"),
  src: ZAddress.optional(),
  dst: ZAddress.optional(),
  port: z.coerce.number().int().min(0).max(65535).optional(),
  interface: zText().trim().min(1).max(64).optional(),
});
export const ZPacketSeriesQuery = ZRangeQuery.extend({ groupBy: z.literal("flag").default("flag") });
/** DNS filters (a top-talkers row turned into a filter): answered from the transactions themselves. */
export const ZDnsSeriesQuery = ZRangeQuery.extend({
  client: ZAddress.optional(),
  resolver: ZAddress.optional(),
  qname: zText().trim().min(1).max(255).optional(),
  qtype: z.coerce.number().int().min(0).max(65535).optional(),
  rcode: z.coerce.number().int().min(0).max(4095).optional(),
});
export const DNS_FILTER_KEYS = ["client", "resolver", "qname", "qtype", "rcode"] as const;
/** Label sets a metric answer draws at most (the ones with the most samples); the rest are counted in `omitted`. */
export const DEFAULT_METRIC_SERIES = 50;
export const MAX_METRIC_SERIES = 500;

export const ZMetricSeriesQuery = ZRangeQuery.extend({
  name: zText().trim().min(1, "name is required: which metric to draw"),
  agg: z.enum(METRIC_AGGS).default("avg"),
  seriesLimit: z.coerce.number().int().min(1).max(MAX_METRIC_SERIES).optional(),
  /** Label filters: on the wire, every query parameter that is not one of METRIC_PARAMS. */
  labels: z.record(zText(), zText()).default({}),
});
export type TFlowSeriesQuery = z.infer<typeof ZFlowSeriesQuery>;
export type TPacketSeriesQuery = z.infer<typeof ZPacketSeriesQuery>;
export type TDnsSeriesQuery = z.infer<typeof ZDnsSeriesQuery>;
export type TMetricSeriesQuery = z.infer<typeof ZMetricSeriesQuery>;

export const SERIES_QUERIES = { flows: ZFlowSeriesQuery, packets: ZPacketSeriesQuery, dns: ZDnsSeriesQuery, metrics: ZMetricSeriesQuery } as const;
export type TSeriesQueries = { [K in TSeriesKind]: z.infer<(typeof SERIES_QUERIES)[K]> };
export type TSeriesQuery = TSeriesQueries[TSeriesKind];
/** A kind's own parameters (everything but the range): what a panel asks for. */
export type TSeriesFilters<K extends TSeriesKind = TSeriesKind> = Omit<TSeriesQueries[K], keyof TRangeQuery>;
/** A series request without its range, e.g. `{kind: "flows", filters: {groupBy: "flag", metric: "flows"}}`. */
export type TSeriesSpec = { [K in TSeriesKind]: { kind: K; filters: TSeriesFilters<K> } }[TSeriesKind];

/** Parameters of the metrics query itself; any other parameter filters on a label. */
export const METRIC_PARAMS = ["name", "agg", "from", "to", "step", "maxPoints", "format", "seriesLimit"] as const;
const METRIC_PARAM_SET = new Set<string>(METRIC_PARAMS);

/** Splits the metrics query's URL parameters into the query and its label filters. */
export function parseMetricQuery(params: Record<string, string>): TMetricSeriesQuery {
  const labels = Object.fromEntries(Object.entries(params).filter(([k]) => !METRIC_PARAM_SET.has(k)));
  return ZMetricSeriesQuery.parse({ ...params, labels });
}

/** `points` (the default, as the API has always answered) or `columns`. */
export const ZSeriesFormatQuery = z.object({ format: z.enum(["points", "columns"]).default("points") });
export type TSeriesFormat = z.infer<typeof ZSeriesFormatQuery>["format"];

// ---- Answers ------------------------------------------------------------------------------------

export const ZSeriesInfo = z.object({ key: z.string(), label: z.string(), unit: z.string() });
export type TSeriesInfo = z.infer<typeof ZSeriesInfo>;

const ZValue = z.number().nullable();

/** An upload behind an answer whose clock was changed: its times are shifted by `clockOffsetMs` and/or read in `timeZone`. */
export const ZSeriesSource = z.object({ uploadId: z.string(), filename: z.string(), clockOffsetMs: z.number(), timeZone: z.string().nullable() });
export type TSeriesSource = z.infer<typeof ZSeriesSource>;

/** The default encoding: per series, its `[t, value]` points. */
export const ZSeriesResponse = z.object({
  from: z.number(),
  to: z.number(),
  step: z.number(),
  series: z.array(ZSeriesInfo.extend({ points: z.array(z.tuple([z.number(), ZValue])) })),
  /** Metrics: label sets left out of a bounded answer (present only when some were). */
  omitted: z.number().int().positive().optional(),
  /** The uploads of this answer whose clock was shifted or zoned (present only when some were). */
  sources: z.array(ZSeriesSource).optional(),
  /** DNS: the buckets whose p50/p90/p99 are exact (from the transactions); the others are histogram estimates. */
  exactPercentiles: z.array(z.number()).optional(),
});
export type TSeriesResponse = z.infer<typeof ZSeriesResponse>;
export type TSeriesPoints = TSeriesResponse["series"][number];

/**
 * `format=columns`: one shared, ascending `t` and per series its values aligned with it. Usually
 * `t` is every bucket start from `from` to `to` and a null is a bucket without a value. `raw`
 * marks metric samples returned as exported (their own timestamps): then `t` is every sample time
 * of any series, and a null is a time at which that series has no sample (samples are finite).
 */
export const ZSeriesColumns = z.object({
  from: z.number(),
  to: z.number(),
  step: z.number(),
  t: z.array(z.number()),
  series: z.array(ZSeriesInfo.extend({ values: z.array(ZValue) })),
  raw: z.literal(true).optional(),
  omitted: z.number().int().positive().optional(),
  sources: z.array(ZSeriesSource).optional(),
  exactPercentiles: z.array(z.number()).optional(),
});
export type TSeriesColumns = z.infer<typeof ZSeriesColumns>;
export type TSeriesColumn = TSeriesColumns["series"][number];

/** One series' points from its column: every bucket, or only its own samples in a raw answer. */
export function pointsOf(t: readonly number[], values: ReadonlyArray<number | null>, raw = false): Array<[number, number | null]> {
  const points: Array<[number, number | null]> = [];
  for (let i = 0; i < t.length; i++) {
    const v = values[i] ?? null;
    if (!raw || v !== null) points.push([t[i]!, v]);
  }
  return points;
}

/** The default encoding of an answer, derived from its columns (keys in the order the API has always sent them). */
export function toPoints(c: TSeriesColumns): TSeriesResponse {
  return {
    from: c.from,
    to: c.to,
    step: c.step,
    series: c.series.map(({ key, label, unit, values }) => ({ key, label, unit, points: pointsOf(c.t, values, c.raw) })),
    ...(c.omitted ? { omitted: c.omitted } : {}),
    ...(c.sources ? { sources: c.sources } : {}),
    ...(c.exactPercentiles ? { exactPercentiles: c.exactPercentiles } : {}),
  };
}

// ---- What there is to ask for -----------------------------------------------------------------

/** GET /api/incidents/:id/evidence: where the evidence is and how many uploads of each family. */
export type TEvidenceSummary = {
  range: { from: number; to: number } | null;
  families: Record<EvidenceFamily, { uploads: number }>;
};

/** One entry of GET /api/incidents/:id/metrics: a metric name and (up to 200 of) its label sets. */
export type TMetricInfo = {
  name: string;
  /** From the name (`_total`, `_count`, `_sum`, `_bucket` are counters): panels draw counters as rates. */
  kind: "counter" | "gauge";
  /** With `?rank=change`: how much the metric moved in the range, (max − min) / |mean| of its most-moving series (of the per-second rate for counters). */
  change?: number;
  unit: string | null;
  seriesCount: number;
  labelKeys: string[];
  points: number;
  from: number | null;
  to: number | null;
  series: Array<{ labels: Record<string, string> }>;
};
