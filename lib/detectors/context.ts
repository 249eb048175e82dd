// Builds what every detector of one run reads: the incident's ready uploads per family and its
// markers. Raw SQL over the pool, so the benchmark can run detectors outside Next.
import { familyOfKind } from "@/lib/evidence/families";
import type { DetectorContext, EvidenceFamilyName, MarkerLite, Queryable } from "./types";

export async function buildContext(db: Queryable, incidentId: string): Promise<DetectorContext> {
  const [{ rows: uploads }, { rows: markers }] = await Promise.all([
    db.query<{ id: string; kind: string }>(`SELECT id, kind FROM uploads WHERE incident_id = $1 AND status = 'ready'`, [incidentId]),
    db.query<{ ts: string; end_ts: string | null; kind: string; label: string }>(
      `SELECT (extract(epoch FROM m.ts) * 1000)::bigint AS ts, (extract(epoch FROM m.end_ts) * 1000)::bigint AS end_ts, m.kind, m.label
         FROM markers m LEFT JOIN uploads u ON u.id = m.upload_id
        WHERE m.incident_id = $1 AND (m.upload_id IS NULL OR u.status = 'ready') ORDER BY m.ts`,
      [incidentId],
    ),
  ]);
  const byFamily: Record<EvidenceFamilyName, string[]> = { flows: [], captures: [], metrics: [] };
  for (const u of uploads) {
    const family = familyOfKind(u.kind);
    if (family === "flows" || family === "captures" || family === "metrics") byFamily[family].push(u.id);
  }
  const cache = new Map<string, Promise<unknown>>();
  return {
    incidentId,
    db,
    uploads: byFamily,
    uploadIds: uploads.map((u) => u.id),
    markers: markers.map((m): MarkerLite => ({ ts: Number(m.ts), endTs: m.end_ts === null ? null : Number(m.end_ts), kind: m.kind, label: m.label })),
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let p = cache.get(key) as Promise<T> | undefined;
      if (!p) cache.set(key, (p = compute()));
      return p;
    },
  };
}
