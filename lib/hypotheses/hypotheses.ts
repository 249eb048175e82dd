// Hypotheses of an incident: create, list, read and (soft) delete. Edits: update-hypothesis.ts.
import "server-only";
import { db, nextVersion, withTransaction } from "@/lib/db";
import { notFound } from "@/lib/api/errors";
import type { THypothesis, THypothesisCreate } from "@/lib/schemas/hypothesis";
import { lockHypothesis } from "./locks";
import { ORDER, toHypothesis, withHistory } from "./shared";
import { pageOf, prismaPage, type TPage, type TPaging } from "@/lib/schemas/page";

export async function listHypotheses(incidentId: string, page: TPaging = null): Promise<TPage<"hypotheses", THypothesis>> {
  const rows = await db.prisma.hypothesis.findMany({ where: { incidentId, deletedAt: null }, orderBy: ORDER, include: withHistory, ...prismaPage(page) });
  const { items, nextCursor } = pageOf(rows, page);
  return { hypotheses: items.map(toHypothesis), nextCursor };
}

export async function getHypothesis(incidentId: string, id: string): Promise<THypothesis> {
  const row = await db.prisma.hypothesis.findFirst({ where: { id, incidentId, deletedAt: null }, include: withHistory });
  if (!row) throw notFound("Hypothesis", id);
  return toHypothesis(row);
}

/** A new hypothesis goes to the end of the list; its creation is the first history entry (open). */
export async function createHypothesis(incidentId: string, input: THypothesisCreate, author: string | null): Promise<THypothesis> {
  const last = await db.prisma.hypothesis.aggregate({ where: { incidentId, deletedAt: null }, _max: { position: true } });
  const now = new Date();
  const row = await db.prisma.hypothesis.create({
    data: {
      incidentId,
      title: input.title,
      description: input.description ?? "",
      position: (last._max.position ?? -1) + 1,
      author,
      createdAt: now,
      updatedAt: now,
      events: { create: { status: "open", reason: null, author, at: now } },
    },
    include: withHistory,
  });
  return toHypothesis(row);
}

/**
 * Soft-deletes a hypothesis (a tombstone for the activity feed) and unlinks its annotations,
 * as the foreign key's ON DELETE SET NULL would.
 */
export async function deleteHypothesis(incidentId: string, id: string): Promise<void> {
  await withTransaction(async (tx) => {
    await lockHypothesis(tx, id);
    const row = await tx.hypothesis.findFirst({ where: { id, incidentId, deletedAt: null } });
    if (!row) throw notFound("Hypothesis", id);
    const at = nextVersion(row.updatedAt);
    await tx.hypothesis.update({ where: { id }, data: { deletedAt: at, updatedAt: at } });
    await tx.$executeRaw`
      UPDATE annotations SET hypothesis_id = NULL, updated_at = GREATEST(${at}::timestamptz, updated_at + interval '1 millisecond')
      WHERE hypothesis_id = ${id}::uuid`;
  });
}
