// Series from packet captures: DNS (counts and latency percentiles from the per-second latency
// histograms) and TCP packets by flag class with SYN retransmissions.
import "server-only";
import { z } from "zod";
import { percentileFromBuckets } from "@/lib/captures/latency-histogram";
import { db } from "@/lib/db";
import { CAPTURE_FORMATS } from "@/lib/parsers/capture/capture-formats";
import { ZRangeQuery, densePoints, resolveBuckets, type Buckets } from "./range";
import type { TSeries, TSeriesResponse } from "./series";
import { evidenceRange, readyUploadIds } from "./evidence-range";

export const CAPTURE_KINDS = CAPTURE_FORMATS.map((f) => f.kind);
export const ZCaptureSeriesQuery = ZRangeQuery;
export const ZPacketSeriesQuery = ZRangeQuery.extend({ groupBy: z.literal("flag").default("flag") });

const COUNTS = [
  ["queries", "Queries"],
  ["answered", "Answered"],
  ["unanswered", "Unanswered"],
  ["servfail", "SERVFAIL"],
  ["nxdomain", "NXDOMAIN"],
] as const;
const PERCENTILES = [
  ["p50", "p50", 0.5],
  ["p90", "p90", 0.9],
  ["p99", "p99", 0.99],
] as const;

async function scope(incidentId: string, q: z.infer<typeof ZRangeQuery>): Promise<{ buckets: Buckets; uploads: string[] }> {
  const buckets = resolveBuckets(q, await evidenceRange(incidentId, CAPTURE_KINDS));
  return { buckets, uploads: await readyUploadIds(incidentId, CAPTURE_KINDS) };
}

/** The coarsest stored histogram resolution that divides the step (1 s, 5 s or 1 min). */
const latencyTable = (stepMs: number) => (stepMs % 60_000 === 0 ? "dns_latency_1m" : stepMs % 5_000 === 0 ? "dns_latency_5s" : "dns_latency");

const toMap = (rows: Array<{ b: string; v: string | number | null }>) => new Map(rows.filter((r) => r.v !== null).map((r) => [Number(r.b), Number(r.v)]));

export async function dnsSeries(incidentId: string, q: z.infer<typeof ZCaptureSeriesQuery>): Promise<TSeriesResponse> {
  const { buckets, uploads } = await scope(incidentId, q);
  const params = [uploads, buckets.step, buckets.from, buckets.to];
  const [counts, hist] = uploads.length
    ? await Promise.all([
        db.pool.query<Record<string, string> & { b: string }>(
          `SELECT (ts / $2) * $2 AS b, sum(queries) AS queries, sum(answered) AS answered, sum(unanswered) AS unanswered,
                  sum(servfail) AS servfail, sum(nxdomain) AS nxdomain, max(max_latency_us) AS max
             FROM dns_rollups WHERE upload_id = ANY($1::uuid[]) AND ts >= $3 AND ts < $4 GROUP BY 1`,
          params,
        ),
        db.pool.query<{ b: string; bucket: number; n: string }>(
          `SELECT (ts / $2) * $2 AS b, bucket, sum(count) AS n
             FROM ${latencyTable(buckets.step)} WHERE upload_id = ANY($1::uuid[]) AND ts >= $3 AND ts < $4 GROUP BY 1, 2`,
          params,
        ),
      ])
    : [{ rows: [] }, { rows: [] }];

  const histograms = new Map<number, Array<[number, number]>>();
  for (const r of hist.rows) {
    const b = Number(r.b);
    (histograms.get(b) ?? histograms.set(b, []).get(b)!).push([r.bucket, Number(r.n)]);
  }
  const maxUs = toMap(counts.rows.map((r) => ({ b: r.b, v: r.max ?? null })));
  const series: TSeries[] = COUNTS.map(([key, label]) => ({
    key, label, unit: "queries",
    points: densePoints(buckets, toMap(counts.rows.map((r) => ({ b: r.b, v: r[key] ?? null }))), 0),
  }));
  for (const [key, label, quantile] of PERCENTILES) {
    const values = new Map<number, number>();
    for (const [b, h] of histograms) {
      const us = percentileFromBuckets(h, quantile, maxUs.get(b));
      if (us !== null) values.set(b, us / 1000);
    }
    series.push({ key, label, unit: "ms", points: densePoints(buckets, values, null) });
  }
  series.push({ key: "max", label: "max", unit: "ms", points: densePoints(buckets, new Map([...maxUs].map(([b, us]) => [b, us / 1000])), null) });
  return { from: buckets.from, to: buckets.to, step: buckets.step, series };
}

const PACKET_KEYS = [
  ["syn", "SYN"], ["synack", "SYN-ACK"], ["rst", "RST"], ["fin", "FIN"], ["other", "Other flags"], ["none", "No flags"],
  ["retransmissions", "SYN retransmissions"],
] as const;

export async function packetSeries(incidentId: string, q: z.infer<typeof ZPacketSeriesQuery>): Promise<TSeriesResponse> {
  const { buckets, uploads } = await scope(incidentId, q);
  const { rows } = uploads.length
    ? await db.pool.query<Record<string, string> & { b: string }>(
        `SELECT (ts / $2) * $2 AS b, sum(syn) AS syn, sum(synack) AS synack, sum(rst) AS rst, sum(fin) AS fin,
                sum(other) AS other, sum(none) AS none, sum(syn_retransmissions) AS retransmissions
           FROM packet_rollups WHERE upload_id = ANY($1::uuid[]) AND ts >= $3 AND ts < $4 GROUP BY 1`,
        [uploads, buckets.step, buckets.from, buckets.to],
      )
    : { rows: [] };
  const series: TSeries[] = PACKET_KEYS.map(([key, label]) => ({
    key, label, unit: "packets",
    points: densePoints(buckets, toMap(rows.map((r) => ({ b: r.b, v: r[key] ?? null }))), 0),
  }));
  return { from: buckets.from, to: buckets.to, step: buckets.step, series };
}
