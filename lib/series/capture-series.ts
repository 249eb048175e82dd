// Series from packet captures: DNS (counts and latency percentiles from the latency histograms
// stored per 1 s, 5 s and 1 min, or at 5 s and 1 min steps over one upload straight from the
// per-bucket summaries written beside them) and TCP packets by flag class with SYN retransmissions.
import "server-only";
import { readQuery } from "@/lib/db";
import { partitionName, type EvidenceTable } from "@/lib/evidence/partitions";
import { CAPTURE_KINDS } from "@/lib/evidence/families";
import { newLatencyScratch, percentilesOfCounts } from "@/lib/captures/latency-percentiles";
import {
  DNS_COUNT_KEYS, DNS_PERCENTILE_KEYS, PACKET_SERIES_KEYS,
  type TBuckets, type TDnsSeriesQuery, type TPacketSeriesQuery, type TRangeQuery, type TSeriesColumn, type TSeriesColumns,
} from "@/lib/schemas/series";
import { hasDnsFilter, transactionColumns } from "./dns-transaction-series";
import { exactSmallBuckets } from "./dns-exact-percentiles";
import { bucketIndex, emptyColumn, resolveBuckets } from "./range";
import { bucketAnswer, evidenceQuery, seriesScope } from "./series";

type CountKey = (typeof DNS_COUNT_KEYS)[number];
const COUNT_LABELS: Record<CountKey, string> = { queries: "Queries", answered: "Answered", unanswered: "Unanswered", servfail: "SERVFAIL", nxdomain: "NXDOMAIN" };

async function scope(incidentId: string, q: TRangeQuery): Promise<{ buckets: TBuckets; uploads: string[] }> {
  const { range, uploads } = await seriesScope(incidentId, CAPTURE_KINDS);
  return { buckets: resolveBuckets(q, range), uploads };
}

/** The coarsest stored histogram resolution that divides the step (1 s, 5 s or 1 min). */
const latencyTable = (stepMs: number): EvidenceTable => (stepMs % 60_000 === 0 ? "dns_latency_1m" : stepMs % 5_000 === 0 ? "dns_latency_5s" : "dns_latency");

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

type SummaryRow = Record<CountKey, string> & { k: number; b: string; max: string | null; p50: number | null; p90: number | null; p99: number | null };

/**
 * The uploads' summary rows in the window when they can answer it: the step is a summary
 * resolution and at most one upload has rows there (percentiles of several uploads need their
 * merged histograms). Null otherwise, and when an upload has no summary table — ingested before
 * the summaries existed, or deleted meanwhile — so the histograms answer.
 */
async function summaryRows(uploads: string[], buckets: TBuckets): Promise<SummaryRow[] | null> {
  const table = SUMMARY_TABLES[buckets.step];
  if (!table || !uploads.length) return null;
  const sql = uploads.map((u, k) =>
    `SELECT ${k} AS k, ts AS b, queries, answered, unanswered, servfail, nxdomain, max_latency_us AS max, p50_us AS p50, p90_us AS p90, p99_us AS p99
       FROM ${partitionName(table, u)} WHERE ts >= $1 AND ts < $2`).join(" UNION ALL ");
  let rows: SummaryRow[];
  try {
    rows = (await readQuery<SummaryRow>(sql, [buckets.from, buckets.to])).rows;
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return null; // undefined_table
    throw error;
  }
  return rows.some((r) => r.k !== rows[0]!.k) ? null : rows;
}

export interface DnsSeriesOptions {
  /** Use the per-bucket summaries when they can answer (default); false always merges histograms. */
  summaries?: boolean;
  /** Exact percentiles for buckets with few answers (default); false keeps the stored estimates. */
  exact?: boolean;
}

export async function dnsSeries(incidentId: string, q: TDnsSeriesQuery, options: DnsSeriesOptions = {}): Promise<TSeriesColumns> {
  const { buckets, uploads } = await scope(incidentId, q);
  // A filter needs the transactions; without one the stored summaries or histograms answer.
  const summaries = options.summaries === false || hasDnsFilter(q) ? null : await summaryRows(uploads, buckets);
  const { counts, percentiles, max } = hasDnsFilter(q)
    ? await transactionColumns(uploads, buckets, q)
    : summaries ? fromSummaries(summaries, buckets) : await fromHistograms(uploads, buckets);
  // Where a bucket holds few answers, its percentiles come from its transactions, exactly (a
  // filtered answer already is exact).
  const exactPercentiles = options.exact !== false && !hasDnsFilter(q) ? await exactSmallBuckets(uploads, buckets, counts, percentiles) : [];
  const series: TSeriesColumn[] = DNS_COUNT_KEYS.map((key, k) => ({ key, label: COUNT_LABELS[key], unit: "queries", values: counts[k]! }));
  DNS_PERCENTILE_KEYS.forEach((key, k) => series.push({ key, label: key, unit: "ms", values: percentiles[k]! }));
  series.push({ key: "max", label: "max", unit: "ms", values: max });
  return { ...bucketAnswer(buckets, series), ...(exactPercentiles.length ? { exactPercentiles } : {}) };
}

/** A DNS answer's columns, one slot per time bucket. */
interface DnsColumns {
  /** The counts, in the order of DNS_COUNT_KEYS; 0 where a bucket has none. */
  counts: Array<Array<number | null>>;
  /** p50, p90, p99 (ms); null where a bucket has no latency. */
  percentiles: Array<Array<number | null>>;
  /** The exact maximum latency (ms). */
  max: Array<number | null>;
}

const dnsColumns = (b: TBuckets): DnsColumns => ({
  counts: DNS_COUNT_KEYS.map(() => emptyColumn(b, 0)),
  percentiles: DNS_PERCENTILE_KEYS.map(() => emptyColumn(b, null)),
  max: emptyColumn(b, null),
});

/** Fills the counts of one bucket from a row with a column per count key. */
function putCounts(c: DnsColumns, i: number, r: Record<CountKey, string | number | null>) {
  for (let k = 0; k < DNS_COUNT_KEYS.length; k++) {
    const v = r[DNS_COUNT_KEYS[k]!];
    if (v !== null && v !== undefined) c.counts[k]![i] = Number(v);
  }
}

function fromSummaries(rows: SummaryRow[], b: TBuckets): DnsColumns {
  const c = dnsColumns(b);
  for (const r of rows) {
    const i = bucketIndex(b, Number(r.b));
    if (i < 0) continue;
    putCounts(c, i, r);
    DNS_PERCENTILE_KEYS.forEach((key, k) => r[key] !== null && (c.percentiles[k]![i] = r[key] / 1000));
    if (r.max !== null) c.max[i] = Number(r.max) / 1000;
  }
  return c;
}

async function fromHistograms(uploads: string[], b: TBuckets): Promise<DnsColumns> {
  const params = [b.step, b.from, b.to];
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
         FROM ${source(latencyTable(b.step), "ts, bucket, count", "ts >= $2 AND ts < $3")} r GROUP BY 1`,
    ),
  ]);
  const c = dnsColumns(b);
  /** Exact maximum latency (µs) per slot: the percentiles are capped at it. */
  const maxUs = new Array<number | undefined>(b.count);
  for (const r of counts) {
    const i = bucketIndex(b, Number(r.b));
    if (i < 0) continue;
    putCounts(c, i, r);
    if (r.max !== null) {
      maxUs[i] = Number(r.max);
      c.max[i] = maxUs[i]! / 1000;
    }
  }
  const scratch = newLatencyScratch();
  for (const r of hist) {
    const i = bucketIndex(b, Number(r.b));
    if (i < 0) continue;
    percentilesOf(r.h, scratch, maxUs[i]).forEach((us, k) => us !== null && (c.percentiles[k]![i] = us / 1000));
  }
  return c;
}

const PACKET_LABELS: Record<(typeof PACKET_SERIES_KEYS)[number], string> = {
  syn: "SYN", synack: "SYN-ACK", rst: "RST", fin: "FIN", other: "Other flags", none: "No flags", retransmissions: "SYN retransmissions",
};

export async function packetSeries(incidentId: string, q: TPacketSeriesQuery): Promise<TSeriesColumns> {
  const { buckets, uploads } = await scope(incidentId, q);
  const rows = await evidenceQuery<Record<string, string | null> & { b: string }>(uploads, [buckets.step, buckets.from, buckets.to], (source) =>
    `SELECT (ts / $1) * $1 AS b, sum(syn) AS syn, sum(synack) AS synack, sum(rst) AS rst, sum(fin) AS fin,
            sum(other) AS other, sum(none) AS none, sum(syn_retransmissions) AS retransmissions
       FROM ${source("packet_rollups", "ts, syn, synack, rst, fin, other, none, syn_retransmissions", "ts >= $2 AND ts < $3")} r GROUP BY 1`,
  );
  const columns = PACKET_SERIES_KEYS.map(() => emptyColumn(buckets, 0));
  for (const r of rows) {
    const i = bucketIndex(buckets, Number(r.b));
    if (i < 0) continue;
    PACKET_SERIES_KEYS.forEach((key, k) => {
      const v = r[key];
      if (v !== null && v !== undefined) columns[k]![i] = Number(v);
    });
  }
  return bucketAnswer(buckets, PACKET_SERIES_KEYS.map((key, k) => ({ key, label: PACKET_LABELS[key], unit: "packets", values: columns[k]! })));
}
