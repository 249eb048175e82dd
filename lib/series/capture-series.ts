// Series from packet captures: DNS (counts and latency percentiles from the latency histograms
// stored per 1 s, 5 s and 1 min, or at 5 s and 1 min steps over one upload straight from the
// per-bucket summaries written beside them) and TCP packets by flag class with SYN retransmissions.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { partitionName, type EvidenceTable } from "@/lib/evidence/partitions";
import { CAPTURE_KINDS } from "@/lib/evidence/families";
import { newLatencyScratch, percentilesOfCounts } from "@/lib/captures/latency-percentiles";
import { ZRangeQuery, densePoints, resolveBuckets, type Buckets } from "./range";
import { evidenceQuery, seriesScope, type TSeries, type TSeriesResponse } from "./series";

export const ZCaptureSeriesQuery = ZRangeQuery;
export const ZPacketSeriesQuery = ZRangeQuery.extend({ groupBy: z.literal("flag").default("flag") });

const COUNTS = [
  ["queries", "Queries"],
  ["answered", "Answered"],
  ["unanswered", "Unanswered"],
  ["servfail", "SERVFAIL"],
  ["nxdomain", "NXDOMAIN"],
] as const;
/** In the order of LATENCY_QUANTILES. */
const PERCENTILES = [
  ["p50", "p50"],
  ["p90", "p90"],
  ["p99", "p99"],
] as const;

async function scope(incidentId: string, q: z.infer<typeof ZRangeQuery>): Promise<{ buckets: Buckets; uploads: string[] }> {
  const { range, uploads } = await seriesScope(incidentId, CAPTURE_KINDS);
  return { buckets: resolveBuckets(q, range), uploads };
}

/** The coarsest stored histogram resolution that divides the step (1 s, 5 s or 1 min). */
const latencyTable = (stepMs: number): EvidenceTable => (stepMs % 60_000 === 0 ? "dns_latency_1m" : stepMs % 5_000 === 0 ? "dns_latency_5s" : "dns_latency");

const toMap = (rows: Array<{ b: string; v: string | number | null }>) => new Map(rows.filter((r) => r.v !== null).map((r) => [Number(r.b), Number(r.v)]));

/** Histogram entries travel as one string per time bucket: "(bucket << 32 | count) …" (bucket < 2^15, count < 2^31). */
export const PACKED_SHIFT = 2 ** 32;

/**
 * p50/p90/p99 (µs) of one time bucket from its packed histogram entries, by percentilesOfCounts()
 * (as ingest computes the stored summaries). Entries of one latency bucket may repeat (several
 * stored rows or uploads fall into one time bucket): they add up. `counts` is scratch space, all zeros.
 */
export function percentilesOf(packed: string, counts: Float64Array, maxUs: number | undefined): Array<number | null> {
  let lo = counts.length;
  let hi = -1;
  let total = 0;
  let value = 0;
  for (let i = 0; i <= packed.length; i++) {
    const c = i < packed.length ? packed.charCodeAt(i) : 32;
    if (c !== 32) {
      value = value * 10 + (c - 48);
      continue;
    }
    const bucket = Math.floor(value / PACKED_SHIFT);
    const count = value - bucket * PACKED_SHIFT;
    value = 0;
    if (count <= 0) continue;
    counts[bucket]! += count;
    total += count;
    if (bucket < lo) lo = bucket;
    if (bucket > hi) hi = bucket;
  }
  return percentilesOfCounts(counts, lo, hi, total, maxUs);
}

/** Per-time-bucket summaries written at ingest (counts, max, p50/p90/p99), by the step they answer. */
const SUMMARY_TABLES: Partial<Record<number, EvidenceTable>> = { 5_000: "dns_latency_summary_5s", 60_000: "dns_latency_summary_1m" };

type CountKey = (typeof COUNTS)[number][0];
type SummaryRow = Record<CountKey, string> & { k: number; b: string; max: string | null; p50: number | null; p90: number | null; p99: number | null };

/**
 * The uploads' summary rows in the window when they can answer it: the step is a summary
 * resolution and at most one upload has rows there (percentiles of several uploads need their
 * merged histograms). Null otherwise, and when an upload has no summary table — ingested before
 * the summaries existed, or deleted meanwhile — so the histograms answer.
 */
async function summaryRows(uploads: string[], buckets: Buckets): Promise<SummaryRow[] | null> {
  const table = SUMMARY_TABLES[buckets.step];
  if (!table || !uploads.length) return null;
  const sql = uploads.map((u, k) =>
    `SELECT ${k} AS k, ts AS b, queries, answered, unanswered, servfail, nxdomain, max_latency_us AS max, p50_us AS p50, p90_us AS p90, p99_us AS p99
       FROM ${partitionName(table, u)} WHERE ts >= $1 AND ts < $2`).join(" UNION ALL ");
  let rows: SummaryRow[];
  try {
    rows = (await db.pool.query<SummaryRow>(sql, [buckets.from, buckets.to])).rows;
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return null; // undefined_table
    throw error;
  }
  return rows.some((r) => r.k !== rows[0]!.k) ? null : rows;
}

export interface DnsSeriesOptions {
  /** Use the per-bucket summaries when they can answer (default); false always merges histograms. */
  summaries?: boolean;
}

export async function dnsSeries(incidentId: string, q: z.infer<typeof ZCaptureSeriesQuery>, options: DnsSeriesOptions = {}): Promise<TSeriesResponse> {
  const { buckets, uploads } = await scope(incidentId, q);
  const summaries = options.summaries === false ? null : await summaryRows(uploads, buckets);
  const { counts, maxUs, values } = summaries ? fromSummaries(summaries) : await fromHistograms(uploads, buckets);
  const series: TSeries[] = COUNTS.map(([key, label]) => ({
    key, label, unit: "queries",
    points: densePoints(buckets, toMap(counts.map((r) => ({ b: r.b, v: r[key] ?? null }))), 0),
  }));
  PERCENTILES.forEach(([key, label], i) => series.push({ key, label, unit: "ms", points: densePoints(buckets, values[i]!, null) }));
  series.push({ key: "max", label: "max", unit: "ms", points: densePoints(buckets, new Map([...maxUs].map(([b, us]) => [b, us / 1000])), null) });
  return { from: buckets.from, to: buckets.to, step: buckets.step, series };
}

interface DnsBuckets {
  /** Per time bucket: the counts, keyed as in COUNTS. */
  counts: Array<Record<CountKey, string> & { b: string }>;
  /** Exact maximum latency (µs) per time bucket. */
  maxUs: Map<number, number>;
  /** p50, p90, p99 (ms) per time bucket. */
  values: Array<Map<number, number>>;
}

function fromSummaries(rows: SummaryRow[]): DnsBuckets {
  const values = PERCENTILES.map(() => new Map<number, number>());
  for (const r of rows) {
    const b = Number(r.b);
    PERCENTILES.forEach(([key], i) => r[key] !== null && values[i]!.set(b, r[key] / 1000));
  }
  return { counts: rows, maxUs: toMap(rows.map((r) => ({ b: r.b, v: r.max }))), values };
}

async function fromHistograms(uploads: string[], buckets: Buckets): Promise<DnsBuckets> {
  const params = [buckets.step, buckets.from, buckets.to];
  const [counts, hist] = await Promise.all([
    evidenceQuery<Record<CountKey, string> & { b: string; max: string | null }>(uploads, params, (source) =>
      `SELECT (ts / $1) * $1 AS b, sum(queries) AS queries, sum(answered) AS answered, sum(unanswered) AS unanswered,
              sum(servfail) AS servfail, sum(nxdomain) AS nxdomain, max(max_latency_us) AS max
         FROM ${source("dns_rollups", "ts, queries, answered, unanswered, servfail, nxdomain, max_latency_us", "ts >= $2 AND ts < $3")} r GROUP BY 1`,
    ),
    // One row per time bucket with its histogram as a string: hundreds of thousands of
    // (second, latency bucket) rows per hour would otherwise each be a row to hash and to send.
    evidenceQuery<{ b: string; h: string }>(uploads, params, (source) =>
      `SELECT (ts / $1) * $1 AS b, string_agg(((bucket::int8 << 32) | count)::text, ' ') AS h
         FROM ${source(latencyTable(buckets.step), "ts, bucket, count", "ts >= $2 AND ts < $3")} r GROUP BY 1`,
    ),
  ]);
  const maxUs = toMap(counts.map((r) => ({ b: r.b, v: r.max })));
  const values = PERCENTILES.map(() => new Map<number, number>());
  const scratch = newLatencyScratch();
  for (const r of hist) {
    const b = Number(r.b);
    percentilesOf(r.h, scratch, maxUs.get(b)).forEach((us, i) => us !== null && values[i]!.set(b, us / 1000));
  }
  return { counts, maxUs, values };
}

const PACKET_KEYS = [
  ["syn", "SYN"], ["synack", "SYN-ACK"], ["rst", "RST"], ["fin", "FIN"], ["other", "Other flags"], ["none", "No flags"],
  ["retransmissions", "SYN retransmissions"],
] as const;

export async function packetSeries(incidentId: string, q: z.infer<typeof ZPacketSeriesQuery>): Promise<TSeriesResponse> {
  const { buckets, uploads } = await scope(incidentId, q);
  const rows = await evidenceQuery<Record<string, string> & { b: string }>(uploads, [buckets.step, buckets.from, buckets.to], (source) =>
    `SELECT (ts / $1) * $1 AS b, sum(syn) AS syn, sum(synack) AS synack, sum(rst) AS rst, sum(fin) AS fin,
            sum(other) AS other, sum(none) AS none, sum(syn_retransmissions) AS retransmissions
       FROM ${source("packet_rollups", "ts, syn, synack, rst, fin, other, none, syn_retransmissions", "ts >= $2 AND ts < $3")} r GROUP BY 1`,
  );
  const series: TSeries[] = PACKET_KEYS.map(([key, label]) => ({
    key, label, unit: "packets",
    points: densePoints(buckets, toMap(rows.map((r) => ({ b: r.b, v: r[key] ?? null }))), 0),
  }));
  return { from: buckets.from, to: buckets.to, step: buckets.step, series };
}
