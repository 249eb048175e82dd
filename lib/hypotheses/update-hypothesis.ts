// Edits, status changes and reordering of hypotheses, serialized per row with row locks.
import "server-only";
import { badRequest, conflict, notFound } from "@/lib/api/errors";
import type { THypothesis, THypothesisUpdate } from "@/lib/schemas/hypothesis";
import { nextVersion, withTransaction, type Tx } from "@/lib/db";
import { lockHypothesis, lockIncidentHypotheses } from "./locks";
import { ORDER, toHypothesis, withHistory } from "./shared";

/** Gives the hypotheses of an incident the positions 0..n-1 in the order of `ids`. */
async function renumber(tx: Tx, incidentId: string, ids: string[]) {
  const rows = await tx.hypothesis.findMany({ where: { incidentId, deletedAt: null }, select: { id: true, position: true, updatedAt: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [position, id] of ids.entries()) {
    const row = byId.get(id);
    if (row && row.position !== position) {
      await tx.hypothesis.update({ where: { id }, data: { position, updatedAt: nextVersion(row.updatedAt) } });
    }
  }
}

async function orderedIds(tx: Tx, incidentId: string) {
  const rows = await tx.hypothesis.findMany({ where: { incidentId, deletedAt: null }, orderBy: ORDER, select: { id: true } });
  return rows.map((r) => r.id);
}

const reload = async (tx: Tx, id: string) => toHypothesis(await tx.hypothesis.findUniqueOrThrow({ where: { id }, include: withHistory }));

/**
 * Applies edits and/or a status change. With `updatedAt`, edits (title, description, position)
 * to a hypothesis changed since then answer 409 with the current version; a status change is
 * always appended to the history, concurrent ones included.
 */
export async function updateHypothesis(incidentId: string, id: string, patch: THypothesisUpdate, author: string | null): Promise<THypothesis> {
  return withTransaction(async (tx) => {
    if (patch.position !== undefined) await lockIncidentHypotheses(tx, incidentId);
    else await lockHypothesis(tx, id);
    const row = await tx.hypothesis.findFirst({ where: { id, incidentId, deletedAt: null } });
    if (!row) throw notFound("Hypothesis", id);

    const edits = patch.title !== undefined || patch.description !== undefined || patch.position !== undefined;
    if (edits && patch.updatedAt !== undefined && patch.updatedAt !== row.updatedAt.getTime()) {
      throw conflict("Someone else changed this hypothesis meanwhile.", { current: await reload(tx, id) });
    }
    const version = nextVersion(row.updatedAt);
    await tx.hypothesis.update({
      where: { id },
      data: { title: patch.title, description: patch.description, status: patch.status, updatedAt: version },
    });
    if (patch.status !== undefined) {
      await tx.hypothesisEvent.create({ data: { hypothesisId: id, status: patch.status, reason: patch.reason ?? null, author, at: version } });
    }
    if (patch.position !== undefined) {
      const ids = (await orderedIds(tx, incidentId)).filter((x) => x !== id);
      ids.splice(Math.min(patch.position, ids.length), 0, id);
      await renumber(tx, incidentId, ids);
    }
    return reload(tx, id);
  });
}

/** Puts the listed hypotheses first, in that order; the others follow in their current order. */
export async function reorderHypotheses(incidentId: string, ids: string[]): Promise<THypothesis[]> {
  return withTransaction(async (tx) => {
    await lockIncidentHypotheses(tx, incidentId);
    const current = await orderedIds(tx, incidentId);
    const known = new Set(current);
    const unknown = ids.filter((x) => !known.has(x));
    if (unknown.length) throw badRequest("Some ids are not hypotheses of this incident.", unknown.map((x) => ({ path: "ids", message: `unknown hypothesis ${x}` })));
    const listed = new Set(ids);
    await renumber(tx, incidentId, [...ids, ...current.filter((x) => !listed.has(x))]);
    const rows = await tx.hypothesis.findMany({ where: { incidentId, deletedAt: null }, orderBy: ORDER, include: withHistory });
    return rows.map(toHypothesis);
  });
}
