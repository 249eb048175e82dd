// The TanStack Query caches of hypotheses and annotations, and how changes are merged into them
// (from this browser's own writes and from the activity feed alike).
import { useQuery, type QueryClient } from "@tanstack/react-query";
import { fetchAllPages } from "@/lib/client/api";
import type { TAnnotation } from "@/lib/schemas/annotation";
import type { THypothesis, TIncidentActivity } from "@/lib/schemas/hypothesis";

export const hypothesesKey = (incidentId: string) => ["hypotheses", incidentId] as const;
export const annotationsKey = (incidentId: string) => ["annotations", incidentId] as const;

/** The incident's hypotheses, ordered by position (cached as an array). */
export function useHypotheses(incidentId: string) {
  return useQuery({
    queryKey: hypothesesKey(incidentId),
    queryFn: () => fetchAllPages<THypothesis>(`/api/incidents/${incidentId}/hypotheses`, "hypotheses"),
  });
}

/** The incident's annotations, ordered by start time (cached as an array). */
export function useAnnotations(incidentId: string) {
  return useQuery({
    queryKey: annotationsKey(incidentId),
    queryFn: () => fetchAllPages<TAnnotation>(`/api/incidents/${incidentId}/annotations`, "annotations"),
  });
}

type Versioned = { id: string; updatedAt: number; createdAt: number };

/**
 * Replaces items by id when the incoming version is newer, adds new ones and drops deleted ids.
 * Returns the same array when nothing changed, so unchanged lists do not re-render.
 */
export function merge<T extends Versioned>(list: T[], incoming: T[], deleted: string[], order: (a: T, b: T) => number): T[] {
  const gone = new Set(deleted);
  const byId = new Map(list.map((x) => [x.id, x]));
  let changed = false;
  for (const id of gone) changed = byId.delete(id) || changed;
  for (const item of incoming) {
    if (gone.has(item.id)) continue;
    const mine = byId.get(item.id);
    if (mine && mine.updatedAt >= item.updatedAt) continue;
    byId.set(item.id, item);
    changed = true;
  }
  return changed ? [...byId.values()].sort(order) : list;
}

const byPosition = (a: THypothesis, b: THypothesis) => a.position - b.position || a.createdAt - b.createdAt;
const byStart = (a: TAnnotation, b: TAnnotation) => a.from - b.from || a.createdAt - b.createdAt;

/** Merges into a loaded list only: a list not fetched yet will come complete from the server. */
export function mergeHypotheses(qc: QueryClient, incidentId: string, incoming: THypothesis[], deleted: string[] = []) {
  qc.setQueryData<THypothesis[]>(hypothesesKey(incidentId), (list) => list && merge(list, incoming, deleted, byPosition));
}

export function mergeAnnotations(qc: QueryClient, incidentId: string, incoming: TAnnotation[], deleted: string[] = []) {
  qc.setQueryData<TAnnotation[]>(annotationsKey(incidentId), (list) => list && merge(list, incoming, deleted, byStart));
}

export function applyActivity(qc: QueryClient, incidentId: string, activity: TIncidentActivity) {
  mergeHypotheses(qc, incidentId, activity.hypotheses, activity.deletedHypothesisIds);
  mergeAnnotations(qc, incidentId, activity.annotations, activity.deletedAnnotationIds);
}
