// Row locks on hypotheses. Annotations take them too (a linked hypothesis must not vanish
// before the annotation commits), so this module depends on nothing of the hypothesis code.
import "server-only";
import type { Tx } from "@/lib/db";

export async function lockHypothesis(tx: Tx, id: string, mode: "UPDATE" | "SHARE" = "UPDATE") {
  if (mode === "UPDATE") await tx.$queryRaw`SELECT id FROM hypotheses WHERE id = ${id}::uuid FOR UPDATE`;
  else await tx.$queryRaw`SELECT id FROM hypotheses WHERE id = ${id}::uuid FOR SHARE`;
}

/** Locks every live hypothesis of an incident, always in id order so that lockers never deadlock. */
export async function lockIncidentHypotheses(tx: Tx, incidentId: string) {
  await tx.$queryRaw`SELECT id FROM hypotheses WHERE incident_id = ${incidentId}::uuid AND deleted_at IS NULL ORDER BY id FOR UPDATE`;
}
