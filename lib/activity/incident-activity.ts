// What changed on an incident since a moment: the feed that keeps open browsers in step. It reads
// hypotheses and annotations, so it sits above both (neither imports it).
import "server-only";
import { db } from "@/lib/db";
import { toAnnotation } from "@/lib/annotations/annotations";
import type { TIncidentActivity } from "@/lib/schemas/hypothesis";
import { ORDER, toHypothesis, withHistory } from "@/lib/hypotheses/shared";

/**
 * Hypotheses and annotations created or changed after `since` (epoch ms, exclusive), and the ids
 * of those deleted after it. `now` is read before the queries: pass it back as the next `since`
 * (minus a few seconds of overlap: a transaction may commit after a later-started read).
 */
export async function incidentActivity(incidentId: string, since: number): Promise<TIncidentActivity> {
  const now = Date.now();
  const after = new Date(since);
  const [hypotheses, annotations, deletedHypotheses, deletedAnnotations] = await Promise.all([
    db.prisma.hypothesis.findMany({ where: { incidentId, deletedAt: null, updatedAt: { gt: after } }, orderBy: ORDER, include: withHistory }),
    db.prisma.annotation.findMany({ where: { incidentId, deletedAt: null, updatedAt: { gt: after } }, orderBy: { fromTs: "asc" } }),
    db.prisma.hypothesis.findMany({ where: { incidentId, deletedAt: { gt: after } }, select: { id: true } }),
    db.prisma.annotation.findMany({ where: { incidentId, deletedAt: { gt: after } }, select: { id: true } }),
  ]);
  return {
    now,
    hypotheses: hypotheses.map(toHypothesis),
    annotations: annotations.map(toAnnotation),
    deletedHypothesisIds: deletedHypotheses.map((r) => r.id),
    deletedAnnotationIds: deletedAnnotations.map((r) => r.id),
  };
}
