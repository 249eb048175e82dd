// The default time range of an incident's panels: where its evidence is (or its window).
import "server-only";
import { readQuery } from "@/lib/db";

export async function evidenceRange(incidentId: string, kinds?: readonly string[]): Promise<{ from: number; to: number }> {
  const { rows } = await readQuery<{ from: string | null; to: string | null; wf: string | null; wt: string | null }>(
    `SELECT (extract(epoch FROM min(u.time_from)) * 1000)::bigint AS from,
            (extract(epoch FROM max(u.time_to)) * 1000)::bigint AS to,
            (extract(epoch FROM i.window_from) * 1000)::bigint AS wf,
            (extract(epoch FROM i.window_to) * 1000)::bigint AS wt
       FROM incidents i LEFT JOIN uploads u ON u.incident_id = i.id AND u.status = 'ready'
            AND ($2::text[] IS NULL OR u.kind = ANY($2))
      WHERE i.id = $1 GROUP BY i.id`,
    [incidentId, kinds ?? null],
  );
  const r = rows[0];
  const from = Number(r?.from ?? r?.wf ?? NaN);
  const to = Number(r?.to ?? r?.wt ?? NaN);
  if (Number.isFinite(from) && Number.isFinite(to)) return { from, to: Math.max(to, from + 1000) };
  const now = Date.now();
  return { from: now - 3_600_000, to: now };
}

/** Ready uploads of an incident whose kind belongs to a family. */
export async function readyUploadIds(incidentId: string, kinds: readonly string[]): Promise<string[]> {
  const { rows } = await readQuery<{ id: string }>(
    `SELECT id FROM uploads WHERE incident_id = $1 AND status = 'ready' AND kind = ANY($2)`,
    [incidentId, kinds],
  );
  return rows.map((r) => r.id);
}
