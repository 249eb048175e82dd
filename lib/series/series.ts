// The plumbing every series query shares: the incident's scope (default range and ready uploads)
// in one round trip, reads that go straight to the uploads' own partitions, and the columnar
// answer (lib/schemas/series.ts) they all return.
import "server-only";
import { readQuery } from "@/lib/db";
import { partitionName, type EvidenceTable } from "@/lib/evidence/partitions";
import type { TBuckets, TSeriesColumn, TSeriesColumns } from "@/lib/schemas/series";
import { bucketTimes } from "./range";

/** An answer over every bucket of `b`. */
export const bucketAnswer = (b: TBuckets, series: TSeriesColumn[]): TSeriesColumns => ({ from: b.from, to: b.to, step: b.step, t: bucketTimes(b), series });

export interface TSeriesScope {
  /** The default range: where the evidence of these kinds is, else the incident's window, else the last hour. */
  range: { from: number; to: number };
  /** Ready uploads of these kinds. */
  uploads: string[];
}

/** evidenceRange() and readyUploadIds() (evidence-range.ts) answered by one query. */
export async function seriesScope(incidentId: string, kinds: readonly string[]): Promise<TSeriesScope> {
  const { rows } = await readQuery<{ from: string | null; to: string | null; wf: string | null; wt: string | null; uploads: string[] }>(
    `SELECT (extract(epoch FROM min(u.time_from)) * 1000)::bigint AS from,
            (extract(epoch FROM max(u.time_to)) * 1000)::bigint AS to,
            (extract(epoch FROM i.window_from) * 1000)::bigint AS wf,
            (extract(epoch FROM i.window_to) * 1000)::bigint AS wt,
            coalesce(array_agg(u.id::text) FILTER (WHERE u.id IS NOT NULL), '{}')::text[] AS uploads
       FROM incidents i LEFT JOIN uploads u ON u.incident_id = i.id AND u.status = 'ready' AND u.kind = ANY($2)
      WHERE i.id = $1 GROUP BY i.id`,
    [incidentId, kinds],
  );
  const r = rows[0];
  const from = Number(r?.from ?? r?.wf ?? NaN);
  const to = Number(r?.to ?? r?.wt ?? NaN);
  const uploads = r?.uploads ?? [];
  if (Number.isFinite(from) && Number.isFinite(to)) return { range: { from, to: Math.max(to, from + 1000) }, uploads };
  const now = Date.now();
  return { range: { from: now - 3_600_000, to: now }, uploads };
}

/** `(SELECT <select> FROM <the uploads' rows of table> WHERE <where>)`, as a FROM item. */
export type TEvidenceSource = (table: EvidenceTable, select: string, where: string) => string;

/**
 * Runs a series query over some uploads' evidence. `build` gets a source that reads each upload's
 * own partition directly (UNION ALL when there are several): no per-row `upload_id` test and no
 * partition pruning at run time. Should a partition be missing — the upload was deleted meanwhile,
 * or ingested before that table existed — the query runs again on the parent table, which simply
 * has no rows for it.
 */
export async function evidenceQuery<R extends object>(uploads: string[], params: unknown[], build: (source: TEvidenceSource) => string): Promise<R[]> {
  if (!uploads.length) return [];
  const direct: TEvidenceSource = (table, select, where) =>
    `(${uploads.map((u) => `SELECT ${select} FROM ${partitionName(table, u)} WHERE ${where}`).join(" UNION ALL ")})`;
  try {
    return (await readQuery<R>(build(direct), params)).rows;
  } catch (error) {
    if ((error as { code?: string }).code !== "42P01") throw error; // undefined_table
    const n = params.length + 1;
    const parent: TEvidenceSource = (table, select, where) => `(SELECT ${select} FROM ${table} WHERE upload_id = ANY($${n}::uuid[]) AND ${where})`;
    return (await readQuery<R>(build(parent), [...params, uploads])).rows;
  }
}
