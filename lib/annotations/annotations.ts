// Annotations: notes on a time range of the evidence, for or against a hypothesis.
import "server-only";
import { db, nextVersion, withTransaction, type Tx } from "@/lib/db";
import { badRequest, conflict, notFound, validationFailed } from "@/lib/api/errors";
import type { Annotation } from "@/lib/generated/prisma/client";
import { lockHypothesis } from "@/lib/hypotheses/locks";
import type { TAnnotation, TAnnotationCreate, TAnnotationUpdate } from "@/lib/schemas/annotation";
import { pageOf, prismaPage, type TPage, type TPaging } from "@/lib/schemas/page";

export const toAnnotation = (a: Annotation): TAnnotation => ({
  id: a.id,
  incidentId: a.incidentId,
  from: a.fromTs.getTime(),
  to: a.toTs.getTime(),
  text: a.text,
  stance: a.stance,
  hypothesisId: a.hypothesisId,
  panel: a.panel,
  panels: a.panels,
  author: a.author,
  createdAt: a.createdAt.getTime(),
  updatedAt: a.updatedAt.getTime(),
});

/**
 * A linked hypothesis must be a live one of the same incident. The share lock keeps it from
 * being deleted before this transaction commits (the delete then unlinks this annotation too).
 */
async function checkHypothesis(tx: Tx, incidentId: string, hypothesisId: string | null | undefined) {
  if (!hypothesisId) return;
  await lockHypothesis(tx, hypothesisId, "SHARE");
  const h = await tx.hypothesis.findFirst({ where: { id: hypothesisId, incidentId, deletedAt: null }, select: { id: true } });
  if (!h) {
    throw badRequest("The hypothesis does not exist in this incident.", [{ path: "hypothesisId", message: `no hypothesis ${hypothesisId} in this incident` }]);
  }
}

export async function listAnnotations(incidentId: string, range: { from?: number; to?: number } = {}, page: TPaging = null): Promise<TPage<"annotations", TAnnotation>> {
  const rows = await db.prisma.annotation.findMany({
    where: {
      incidentId,
      deletedAt: null,
      ...(range.from !== undefined ? { toTs: { gte: new Date(range.from) } } : {}),
      ...(range.to !== undefined ? { fromTs: { lte: new Date(range.to) } } : {}),
    },
    orderBy: [{ fromTs: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    ...prismaPage(page),
  });
  const { items, nextCursor } = pageOf(rows, page);
  return { annotations: items.map(toAnnotation), nextCursor };
}

export async function createAnnotation(incidentId: string, input: TAnnotationCreate, author: string | null): Promise<TAnnotation> {
  return withTransaction(async (tx) => {
    await checkHypothesis(tx, incidentId, input.hypothesisId);
    const now = new Date();
    const row = await tx.annotation.create({
      data: {
        incidentId,
        fromTs: new Date(input.from),
        toTs: new Date(input.to),
        text: input.text,
        stance: input.stance,
        hypothesisId: input.hypothesisId,
        panel: input.panel,
        panels: input.panels,
        author,
        createdAt: now,
        updatedAt: now,
      },
    });
    return toAnnotation(row);
  });
}

async function lockAnnotation(tx: Tx, incidentId: string, id: string) {
  await tx.$queryRaw`SELECT id FROM annotations WHERE id = ${id}::uuid FOR UPDATE`;
  const row = await tx.annotation.findFirst({ where: { id, incidentId, deletedAt: null } });
  if (!row) throw notFound("Annotation", id);
  return row;
}

/** With `updatedAt`, an annotation changed since then answers 409 with the current version. */
export async function updateAnnotation(incidentId: string, id: string, patch: TAnnotationUpdate): Promise<TAnnotation> {
  return withTransaction(async (tx) => {
    // Hypothesis before annotation: the order a hypothesis delete takes its locks in.
    await checkHypothesis(tx, incidentId, patch.hypothesisId);
    const row = await lockAnnotation(tx, incidentId, id);
    if (patch.updatedAt !== undefined && patch.updatedAt !== row.updatedAt.getTime()) {
      throw conflict("Someone else changed this annotation meanwhile.", { current: toAnnotation(row) });
    }
    const from = patch.from ?? row.fromTs.getTime();
    const to = patch.to ?? row.toTs.getTime();
    if (to < from) throw validationFailed("The annotation ends before it starts.", [{ path: "to", message: "`to` must not be before `from`" }]);
    const updated = await tx.annotation.update({
      where: { id },
      data: {
        fromTs: new Date(from),
        toTs: new Date(to),
        text: patch.text,
        stance: patch.stance,
        hypothesisId: patch.hypothesisId,
        panel: patch.panel,
        panels: patch.panels,
        updatedAt: nextVersion(row.updatedAt),
      },
    });
    return toAnnotation(updated);
  });
}

/** Soft delete: the tombstone tells other browsers through the activity feed. */
export async function deleteAnnotation(incidentId: string, id: string): Promise<void> {
  await withTransaction(async (tx) => {
    const row = await lockAnnotation(tx, incidentId, id);
    const at = nextVersion(row.updatedAt);
    await tx.annotation.update({ where: { id }, data: { deletedAt: at, updatedAt: at } });
  });
}
