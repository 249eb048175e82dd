// Top talkers of a range: flows ranked by source, destination, pair, port, interface or protocol,
// and DNS by name, client, resolver, query type or rcode. One aggregate over the raw rows of the
// range (flows read through the BRIN index on start_ms), with the total of the same metric beside
// it. With a baseline the same pass reads the baseline range too, and each row carries its baseline
// value, scaled to the range's length, so "what is new or grew 10x" is one ORDER BY.
// Unfiltered flow rankings (not by pair) read a range's whole minutes from the per-minute rollups
// (flow_talkers) and only the partial minutes at its edges from the raw rows: the same sums.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { readQuery } from "@/lib/db";
import { CAPTURE_KINDS, FLOW_KINDS } from "@/lib/evidence/families";
import { TALKER_CONDITIONS, TALKER_GROUPS, TALKER_KEYS, TALKER_MINUTE_MS, talkerDimCode, type TTalkerDim } from "@/lib/evidence/flow-talkers";
import { partitionName } from "@/lib/evidence/partitions";
import { PROTOCOL_NAMES, qtypeName, rcodeName, SLOW_ANSWER_MS } from "@/lib/schemas/dns-codes";
import {
  BASELINE_SHIFTS,
  checkBaseline,
  ZTopFlowsFields,
  type TTopAnswer,
  type TTopBaseline,
  type TTopDnsQuery,
  type TTopFlowsQuery,
  type TTopRow,
} from "@/lib/schemas/top-talkers";
import { ZCidrChecked } from "./flow-series";
import { evidenceQuery, seriesScope, type TEvidenceSource } from "./series";

export const ZTopFlowsQueryChecked = ZTopFlowsFields.extend({ src: ZCidrChecked.optional(), dst: ZCidrChecked.optional() }).superRefine(checkBaseline);

const SLOW_US = SLOW_ANSWER_MS * 1000;

type TRange = { from: number; to: number };
type TTopQuery = { from?: number; to?: number; limit: number; rank: "value" | "change"; spark: number; baseline?: keyof typeof BASELINE_SHIFTS; baselineFrom?: number; baselineTo?: number };

/** The range asked for, or the evidence's whole range (its last instant included); `from < to` or a 400. */
function rangeOf(q: { from?: number; to?: number }, evidence: TRange): TRange {
  const from = q.from ?? evidence.from;
  const to = q.to ?? evidence.to + 1;
  if (!(to > from)) throw new ApiError("bad_range", "`to` must be after `from`.", { from, to });
  return { from, to };
}

function baselineOf(q: TTopQuery, range: TRange, evidence: TRange): (TRange & { shift: TTopBaseline["shift"]; covered: number }) | null {
  const shift = q.baseline ?? null;
  const b = shift ? { from: range.from + BASELINE_SHIFTS[shift], to: range.to + BASELINE_SHIFTS[shift] } : q.baselineFrom !== undefined ? { from: q.baselineFrom, to: q.baselineTo! } : null;
  if (!b) return null;
  const overlap = Math.max(0, Math.min(b.to, evidence.to + 1) - Math.max(b.from, evidence.from));
  return { ...b, shift, covered: Math.round((overlap / (b.to - b.from)) * 10_000) / 10_000 };
}

/**
 * The shared shape of both rankings: `value`/`base` per key from one pass over the range and the
 * baseline, the totals as window sums, ordered by value or by growth. `scale` brings baseline sums
 * to the range's length; +1 on both sides ranks new keys by their size and ignores noise at zero.
 */
function rankedSql(o: { source: string; value: (cur: string) => string; having?: (cur: string) => string; sum: boolean; rank: "value" | "change"; scale: string }): string {
  const order = o.rank === "change" ? `(value + 1) / (coalesce(base, 0) * ${o.scale} + 1) DESC, value DESC, key` : "value DESC, key";
  // The totals are taken before the filter: keys seen only in the baseline count in its total.
  return `SELECT * FROM (
       SELECT key, value, base, ${o.sum ? "sum(value) OVER ()" : "NULL"} AS total, ${o.sum ? "sum(base) OVER ()" : "NULL"} AS base_total FROM (
         SELECT k AS key, ${o.value("cur")}::float8 AS value, ${o.value("NOT cur")}::float8 AS base
           FROM ${o.source} r
          GROUP BY 1 ${o.having ? `HAVING ${o.having("cur")}` : ""}) g) t
      WHERE value IS NOT NULL${o.sum ? " AND value > 0" : ""}
      ORDER BY ${order} LIMIT $3`;
}

type TRankedRow = { key: string | null; value: string; base: string | null; total: string | null; base_total: string | null };

interface TRankPlan {
  kind: TTopAnswer["kind"];
  uploads: string[];
  q: TTopQuery & { by: string; metric: string };
  range: TRange;
  baseline: ReturnType<typeof baselineOf>;
  /** Rows' time column and its unit per ms (flows: ms; DNS: µs). */
  time: string;
  perMs: number;
  table: "flow_records" | "dns_transactions";
  columns: string;
  filters: string[];
  params: unknown[];
  value: (cur: string) => string;
  having?: (cur: string) => string;
  sum: boolean;
  label: (key: string) => string;
  /**
   * Where the ranking's rows (columns k, v, cur) and the sparklines' rows (k, v, ts) come from
   * instead of `table`: FROM items over $1/$2 (the range) with any baseline's bounds inlined.
   */
  rows?: { rank: (source: TEvidenceSource) => string; spark: (source: TEvidenceSource) => string };
}

async function rank(plan: TRankPlan): Promise<TTopAnswer> {
  const { q, range, baseline, time, perMs } = plan;
  const params: unknown[] = [range.from * perMs, range.to * perMs, q.limit, ...plan.params];
  const inRange = `${time} >= $1 AND ${time} < $2`;
  let window = inRange;
  let cur = "true";
  if (baseline && !plan.rows) {
    params.push(baseline.from * perMs, baseline.to * perMs);
    const n = params.length;
    window = `((${inRange}) OR (${time} >= $${n - 1} AND ${time} < $${n}))`;
    cur = `(${inRange})`;
  }
  const scale = baseline ? String((range.to - range.from) / (baseline.to - baseline.from)) : "1";
  const where = [window, ...plan.filters].join(" AND ");
  const rows = await evidenceQuery<TRankedRow>(plan.uploads, params, (source) =>
    rankedSql({ source: plan.rows ? plan.rows.rank(source) : source(plan.table, `${plan.columns}, ${cur} AS cur`, where), value: plan.value, having: plan.having, sum: plan.sum, rank: q.rank, scale: `${scale}::float8` }),
  );
  const total = plan.sum ? (rows.length ? Number(rows[0]!.total) : 0) : null;
  const factor = Number(scale);
  const out: TTopRow[] = rows.map((r) => {
    const key = r.key ?? "unknown";
    const value = Number(r.value);
    const row: TTopRow = { key, label: plan.label(key), value, share: total ? round4(value / total) : null };
    if (baseline) {
      // A p90 is not a sum: it compares as it is, whatever the lengths of the two ranges.
      const base = r.base === null ? 0 : plan.sum ? Number(r.base) * factor : Number(r.base);
      row.baseline = round4(base);
      row.change = base > 0 ? round4(value / base) : null;
    }
    return row;
  });
  if (q.spark > 0 && out.length) await addSparklines(plan, out, (source, keyParam, step) =>
    `SELECT k AS key, floor((ts - $1) / ${step})::int AS b, ${plan.sum ? plan.value("true") : "count(*)"}::float8 AS value
       FROM ${plan.rows ? plan.rows.spark(source) : source(plan.table, `${plan.columns}, ${time} AS ts`, [inRange, ...plan.filters].join(" AND "))} r
      WHERE k = ANY($${keyParam}) GROUP BY 1, 2 LIMIT $3::int * ${q.spark}`);
  const baselineTotal = baseline && plan.sum ? (rows.length ? round4(Number(rows[0]!.base_total ?? 0) * factor) : 0) : null;
  return {
    kind: plan.kind, from: range.from, to: range.to, by: q.by, metric: q.metric, total, rank: q.rank,
    baseline: baseline ? { from: baseline.from, to: baseline.to, shift: baseline.shift, covered: baseline.covered, total: baselineTotal } : null,
    rows: out,
  };
}

/** Fills each row's `spark`: the metric in `q.spark` equal buckets of the range, for the top keys only. */
async function addSparklines(plan: TRankPlan, rows: TTopRow[], sql: (source: TEvidenceSource, keyParam: number, step: string) => string) {
  const { q, range, perMs } = plan;
  const n = q.spark;
  const stepMs = (range.to - range.from) / n;
  const params: unknown[] = [range.from * perMs, range.to * perMs, q.limit, ...plan.params, rows.map((r) => r.key)];
  const got = await evidenceQuery<{ key: string | null; b: number; value: string }>(plan.uploads, params, (source) => sql(source, params.length, `${stepMs * perMs}::float8`));
  const byKey = new Map(rows.map((r) => [r.key, (r.spark = new Array<number>(n).fill(0))]));
  for (const g of got) {
    const spark = byKey.get(g.key ?? "unknown");
    if (spark && g.b >= 0 && g.b < n) spark[g.b] = Number(g.value);
  }
}

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;

const FLOW_KEYS: Record<TTopFlowsQuery["by"], string> = { ...TALKER_KEYS, pair: `${TALKER_KEYS.src} || ' -> ' || ${TALKER_KEYS.dst}` };

const FLOW_VALUES: Record<TTopFlowsQuery["metric"], string> = { flows: "1", packets: "coalesce(packets, 0)", bytes: "coalesce(bytes, 0)", syn: "1", reject: "1", rst: "1" };
/** Metrics that count some flows only: the other rows add nothing, so they are not even grouped. */
const FLOW_CONDITIONS: Partial<Record<TTopFlowsQuery["metric"], string>> = TALKER_CONDITIONS;

/** `raw`: always rank the raw rows (tests compare it with the rollup path). */
export interface TTopFlowsOptions { raw?: boolean }

export async function topFlows(incidentId: string, q: TTopFlowsQuery, options: TTopFlowsOptions = {}): Promise<TTopAnswer> {
  const { range: evidence, uploads } = await seriesScope(incidentId, FLOW_KINDS);
  const range = rangeOf(q, evidence);
  const params: unknown[] = [];
  const n = () => 3 + params.length; // $1..$3 are the range and the limit
  const filters: string[] = FLOW_CONDITIONS[q.metric] ? [FLOW_CONDITIONS[q.metric]!] : [];
  if (q.src) filters.push(`(src <<= $${(params.push(q.src), n())}::inet OR pkt_src <<= $${n()}::inet)`);
  if (q.dst) filters.push(`(dst <<= $${(params.push(q.dst), n())}::inet OR pkt_dst <<= $${n()}::inet)`);
  if (q.port !== undefined) filters.push(`(src_port = $${(params.push(q.port), n())} OR dst_port = $${n()})`);
  const baseline = baselineOf(q, range, evidence);
  const rollups = !options.raw && q.by !== "pair" && !params.length && !(baseline && baseline.from < range.to && range.from < baseline.to) && (await haveTalkers(uploads));
  return rank({
    kind: "flows", uploads, q, range, baseline, time: "start_ms", perMs: 1,
    rows: rollups ? talkerRows(q.by as TTalkerDim, q, range, baseline, filters) : undefined,
    table: "flow_records", columns: `${FLOW_KEYS[q.by]} AS k, ${FLOW_VALUES[q.metric]} AS v`, filters, params,
    value: (cur) => `coalesce(sum(v) FILTER (WHERE ${cur}), 0)`, sum: true,
    label: (key) => (q.by === "protocol" ? (PROTOCOL_NAMES[Number(key)] ?? `protocol ${key}`) : key),
  });
}

/** A range cut at minute boundaries: the whole minutes `ok` takes, and the rest (both merged into runs). */
export function splitMinutes(from: number, to: number, ok?: (minute: number) => boolean): { minutes: TRange[]; raw: TRange[] } {
  const M = TALKER_MINUTE_MS;
  const out = { minutes: [] as TRange[], raw: [] as TRange[] };
  const add = (into: TRange[], a: number, b: number) => {
    const last = into[into.length - 1];
    if (last && last.to === a) last.to = b;
    else into.push({ from: a, to: b });
  };
  const first = Math.ceil(from / M) * M;
  const end = Math.floor(to / M) * M;
  if (first >= end) return (add(out.raw, from, to), out);
  if (from < first) add(out.raw, from, first);
  if (!ok) add(out.minutes, first, end);
  else for (let m = first; m < end; m += M) add(ok(m) ? out.minutes : out.raw, m, m + M);
  if (end < to) add(out.raw, end, to);
  return out;
}

const within = (column: string, runs: TRange[]) => (runs.length ? `(${runs.map((r) => `(${column} >= ${r.from} AND ${column} < ${r.to})`).join(" OR ")})` : "false");

/** Whether every upload has its flow_talkers (uploads loaded before that table have not). */
async function haveTalkers(uploads: string[]): Promise<boolean> {
  if (!uploads.length) return false;
  const { rows } = await readQuery<{ missing: number }>(
    "SELECT count(*) FILTER (WHERE to_regclass(t) IS NULL)::int AS missing FROM unnest($1::text[]) t",
    [uploads.map((u) => partitionName("flow_talkers", u))],
  );
  return rows[0]?.missing === 0;
}

/**
 * The rows of an unfiltered ranking: the whole minutes of the range and the baseline from
 * flow_talkers, the partial ones from flow_records. Sparklines take a minute from the rollups only
 * when all of it falls in one bucket, found with the bucket arithmetic the SQL does (doubles both).
 */
function talkerRows(dim: TTalkerDim, q: TTopFlowsQuery, range: TRange, baseline: TRange | null, conditions: string[]): NonNullable<TRankPlan["rows"]> {
  const metric = q.metric;
  // `grouped`: the raw rows summed per address (or port...) and `cur` first, their keys formatted once per group.
  const parts = (source: TEvidenceSource, minutes: TRange[], raw: TRange[], extra: (time: string) => string, rollupCols: string, rawCols: string, grouped = false) => {
    const out: string[] = [];
    if (minutes.length) out.push(source("flow_talkers", `key AS k, ${metric} AS v, ${rollupCols}`, `dim = ${talkerDimCode(dim)} AND ${metric} > 0 AND ${within("ts", minutes)}${extra("ts")}`));
    const where = [within("start_ms", raw) + extra("start_ms"), ...conditions].join(" AND ");
    if (raw.length && grouped) out.push(source("flow_records", `${FLOW_KEYS[dim]} AS k, sum(${FLOW_VALUES[metric]}) AS v, ${rawCols}`, `${where} GROUP BY ${TALKER_GROUPS[dim]}, 3`));
    else if (raw.length) out.push(source("flow_records", `${FLOW_KEYS[dim]} AS k, ${FLOW_VALUES[metric]} AS v, ${rawCols}`, where));
    return out.length === 1 ? out[0]! : `(${out.join(" UNION ALL ")})`;
  };
  return {
    rank: (source) => {
      const r = splitMinutes(range.from, range.to);
      const b = baseline ? splitMinutes(baseline.from, baseline.to) : { minutes: [], raw: [] };
      // The baseline never overlaps the range here, so "in the range" tells the two apart.
      return parts(source, [...r.minutes, ...b.minutes], [...r.raw, ...b.raw], () => "", "(ts >= $1 AND ts < $2) AS cur", "(start_ms >= $1 AND start_ms < $2) AS cur", true);
    },
    spark: (source) => {
      const step = (range.to - range.from) / q.spark;
      const bucket = (t: number) => Math.floor((t - range.from) / step);
      const s = splitMinutes(range.from, range.to, (m) => bucket(m) === bucket(m + TALKER_MINUTE_MS - 1));
      return parts(source, s.minutes, s.raw, (t) => ` AND ${t} >= $1 AND ${t} < $2`, "ts", "start_ms AS ts");
    },
  };
}

const DNS_KEYS: Record<TTopDnsQuery["by"], string> = {
  qname: "coalesce(qname, '')", client: "host(client)", resolver: "host(server)", qtype: "coalesce(qtype, -1)::text", rcode: "coalesce(rcode, -1)::text",
};
const DNS_VALUES: Record<Exclude<TTopDnsQuery["metric"], "p90">, string> = {
  queries: "true", unanswered: "latency_us IS NULL", servfail: "rcode = 2", nxdomain: "rcode = 3", slow: `latency_us >= ${SLOW_US}`,
};

export async function topDns(incidentId: string, q: TTopDnsQuery): Promise<TTopAnswer> {
  const { range: evidence, uploads } = await seriesScope(incidentId, CAPTURE_KINDS);
  const range = rangeOf(q, evidence);
  const p90 = q.metric === "p90";
  const label = (key: string) =>
    q.by === "qtype" ? qtypeName(key === "-1" ? null : Number(key)) : q.by === "rcode" ? rcodeName(key === "-1" ? null : Number(key)) : key === "" ? "(no name)" : key;
  return rank({
    kind: "dns", uploads, q, range, baseline: baselineOf(q, range, evidence), time: "query_us", perMs: 1000,
    table: "dns_transactions", columns: `${DNS_KEYS[q.by]} AS k, latency_us, rcode`, filters: [], params: [],
    value: p90
      ? (cur) => `(percentile_disc(0.9) WITHIN GROUP (ORDER BY latency_us) FILTER (WHERE ${cur}) / 1000.0)`
      : (cur) => `count(*) FILTER (WHERE ${cur} AND ${DNS_VALUES[q.metric as keyof typeof DNS_VALUES]})`,
    having: p90 ? (cur) => `count(latency_us) FILTER (WHERE ${cur}) >= 10` : undefined,
    sum: !p90, label,
  });
}
