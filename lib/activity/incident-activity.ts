// What changed on an incident since a moment: the feed that keeps open browsers in step. It reads
// hypotheses, annotations and upload clock changes, so it sits above them (none imports it).
import "server-only";
import { db } from "@/lib/db";
import { toAnnotation } from "@/lib/annotations/annotations";
import type { TIncidentActivity } from "@/lib/schemas/hypothesis";
import { toHypothesis, withHistory } from "@/lib/hypotheses/shared";
import { listClockChanges, toClockChange } from "@/lib/uploads/clock-changes";

/** How many changes of each kind one answer holds at most (`limit` may ask for fewer). */
export const ACTIVITY_PAGE = 500;

const byChange = [{ updatedAt: "asc" as const }, { id: "asc" as const }];
const byDeletion = [{ deletedAt: "asc" as const }, { id: "asc" as const }];

/**
 * Hypotheses and annotations created or changed after `since` (epoch ms, exclusive), and the ids
 * of those deleted after it, at most `limit` of each. `now` is read before the queries: pass it
 * back as the next `since` (minus a few seconds of overlap: a transaction may commit after a
 * later-started read). When a kind has more, the answer stops at the last change it holds
 * (`now` is that moment, `more` is true), so following `now` pages through everything.
 */
export async function incidentActivity(incidentId: string, since: number, limit = ACTIVITY_PAGE): Promise<TIncidentActivity> {
  let now = Date.now();
  const after = new Date(since);
  const take = limit + 1;
  const [hypotheses, annotations, deletedHypotheses, deletedAnnotations, clockChanges] = await Promise.all([
    db.prisma.hypothesis.findMany({ where: { incidentId, deletedAt: null, updatedAt: { gt: after } }, orderBy: byChange, take, include: withHistory }),
    db.prisma.annotation.findMany({ where: { incidentId, deletedAt: null, updatedAt: { gt: after } }, orderBy: byChange, take }),
    db.prisma.hypothesis.findMany({ where: { incidentId, deletedAt: { gt: after } }, orderBy: byDeletion, take, select: { id: true, deletedAt: true } }),
    db.prisma.annotation.findMany({ where: { incidentId, deletedAt: { gt: after } }, orderBy: byDeletion, take, select: { id: true, deletedAt: true } }),
    listClockChanges(incidentId, after, take),
  ]);
  const times = [
    hypotheses.map((r) => r.updatedAt), annotations.map((r) => r.updatedAt), deletedHypotheses.map((r) => r.deletedAt!), deletedAnnotations.map((r) => r.deletedAt!),
    clockChanges.map((r) => r.createdAt),
  ];
  const full = times.filter((t) => t.length > limit);
  const more = full.length > 0;
  if (more) now = Math.min(...full.map((t) => t[limit - 1]!.getTime()));
  const upTo = <T>(rows: T[], at: (r: T) => Date) => (more ? rows.filter((r) => at(r).getTime() <= now) : rows);
  const kept = upTo(hypotheses, (r) => r.updatedAt);
  return {
    now,
    ...(more ? { more } : {}), // absent on the last page: the answer keeps its earlier shape
    // Shown in board order, as the full list is.
    hypotheses: kept.sort((a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)).map(toHypothesis),
    annotations: upTo(annotations, (r) => r.updatedAt).sort((a, b) => a.fromTs.getTime() - b.fromTs.getTime()).map(toAnnotation),
    deletedHypothesisIds: upTo(deletedHypotheses, (r) => r.deletedAt!).map((r) => r.id),
    deletedAnnotationIds: upTo(deletedAnnotations, (r) => r.deletedAt!).map((r) => r.id),
    // Absent when there are none: the answer keeps its earlier shape.
    ...(clockChanges.length ? { clockChanges: upTo(clockChanges, (r) => r.createdAt).map(toClockChange) } : {}),
  };
}
