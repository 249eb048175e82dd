// Which kinds of evidence an incident has, so the workspace can choose its panels.
import "server-only";
import { readQuery } from "@/lib/db";
import { familyOfKind } from "@/lib/evidence/families";
import type { TEvidenceSummary } from "@/lib/schemas/series";
import { evidenceRange } from "./evidence-range";

export async function evidenceSummary(incidentId: string): Promise<TEvidenceSummary> {
  const { rows } = await readQuery<{ kind: string; n: string }>(
    `SELECT kind, count(*) AS n FROM uploads WHERE incident_id = $1 AND status = 'ready' GROUP BY kind`,
    [incidentId],
  );
  const families: TEvidenceSummary["families"] = { flows: { uploads: 0 }, captures: { uploads: 0 }, metrics: { uploads: 0 }, markers: { uploads: 0 } };
  for (const r of rows) {
    const family = familyOfKind(r.kind);
    if (family) families[family].uploads += Number(r.n);
  }
  const any = rows.length > 0;
  return { range: any ? await evidenceRange(incidentId) : null, families };
}
