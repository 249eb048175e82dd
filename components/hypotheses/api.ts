// Browser calls for hypotheses and annotations; every result is merged into the query caches.
import type { QueryClient } from "@tanstack/react-query";
import { apiFetch, ApiRequestError } from "@/lib/client/api";
import type { TAnnotation, TAnnotationStance } from "@/lib/schemas/annotation";
import type { THypothesis, THypothesisStatus } from "@/lib/schemas/hypothesis";
import { hypothesesKey, mergeAnnotations, mergeHypotheses } from "./cache";

const base = (incidentId: string) => `/api/incidents/${incidentId}`;

/** The server's current version when a write lost a race (409), else null. */
export function conflictCurrent<T>(error: unknown): T | null {
  if (!(error instanceof ApiRequestError) || error.status !== 409) return null;
  return ((error.details as { current?: T } | undefined)?.current ?? null) as T | null;
}

/**
 * Saves `patch` against the version `seen`. When someone else changed the same item meanwhile
 * but not the fields being edited (e.g. they moved it or changed its status), retries on top of
 * their version; otherwise the conflict is thrown with their version already in the cache.
 */
async function saveOnTopOf<T extends { id: string; updatedAt: number }>(
  seen: T,
  patch: Partial<T>,
  send: (updatedAt: number) => Promise<T>,
  mergeCurrent: (current: T) => void,
): Promise<T> {
  try {
    return await send(seen.updatedAt);
  } catch (error) {
    const current = conflictCurrent<T>(error);
    if (!current) throw error;
    const untouched = (Object.keys(patch) as Array<keyof T>).every((k) => current[k] === seen[k]);
    if (untouched) return send(current.updatedAt);
    mergeCurrent(current);
    throw error;
  }
}

export async function createHypothesis(qc: QueryClient, incidentId: string, input: { title: string; description: string }) {
  const h = await apiFetch<THypothesis>(`${base(incidentId)}/hypotheses`, { method: "POST", json: input });
  mergeHypotheses(qc, incidentId, [h]);
  return h;
}

export async function editHypothesis(qc: QueryClient, seen: THypothesis, patch: { title?: string; description?: string }) {
  const url = `${base(seen.incidentId)}/hypotheses/${seen.id}`;
  const merge = (h: THypothesis) => mergeHypotheses(qc, seen.incidentId, [h]);
  const h = await saveOnTopOf(seen, patch, (updatedAt) => apiFetch<THypothesis>(url, { method: "PATCH", json: { ...patch, updatedAt } }), merge);
  merge(h);
  return h;
}

export async function changeStatus(qc: QueryClient, h: THypothesis, status: THypothesisStatus, reason: string) {
  const updated = await apiFetch<THypothesis>(`${base(h.incidentId)}/hypotheses/${h.id}`, { method: "PATCH", json: { status, reason } });
  mergeHypotheses(qc, h.incidentId, [updated]);
  return updated;
}

/** Moves a hypothesis to `position`; shown at once, then the server's order is fetched. */
export async function moveHypothesis(qc: QueryClient, h: THypothesis, position: number) {
  const key = hypothesesKey(h.incidentId);
  qc.setQueryData<THypothesis[]>(key, (list) => {
    if (!list) return list;
    const rest = list.filter((x) => x.id !== h.id);
    rest.splice(position, 0, h);
    return rest.map((x, i) => ({ ...x, position: i }));
  });
  try {
    await apiFetch<THypothesis>(`${base(h.incidentId)}/hypotheses/${h.id}`, { method: "PATCH", json: { position } });
  } finally {
    await qc.invalidateQueries({ queryKey: key });
  }
}

export async function deleteHypothesis(qc: QueryClient, h: THypothesis) {
  await apiFetch<void>(`${base(h.incidentId)}/hypotheses/${h.id}`, { method: "DELETE" });
  mergeHypotheses(qc, h.incidentId, [], [h.id]);
}

export type TAnnotationDraft = { text: string; stance: TAnnotationStance; hypothesisId: string | null };

export async function createAnnotation(
  qc: QueryClient,
  incidentId: string,
  input: TAnnotationDraft & { from: number; to: number; panel: string | null; panels?: string[] },
) {
  const a = await apiFetch<TAnnotation>(`${base(incidentId)}/annotations`, { method: "POST", json: input });
  mergeAnnotations(qc, incidentId, [a]);
  return a;
}

export async function editAnnotation(qc: QueryClient, seen: TAnnotation, patch: Partial<TAnnotationDraft>) {
  const url = `${base(seen.incidentId)}/annotations/${seen.id}`;
  const merge = (a: TAnnotation) => mergeAnnotations(qc, seen.incidentId, [a]);
  const a = await saveOnTopOf(seen, patch, (updatedAt) => apiFetch<TAnnotation>(url, { method: "PATCH", json: { ...patch, updatedAt } }), merge);
  merge(a);
  return a;
}

/** A new range for an annotation (its edges dragged on a panel), on top of a concurrent text edit. */
export async function resizeAnnotation(qc: QueryClient, seen: TAnnotation, range: { from: number; to: number }) {
  const url = `${base(seen.incidentId)}/annotations/${seen.id}`;
  const merge = (a: TAnnotation) => mergeAnnotations(qc, seen.incidentId, [a]);
  const a = await saveOnTopOf(seen, range, (updatedAt) => apiFetch<TAnnotation>(url, { method: "PATCH", json: { ...range, updatedAt } }), merge);
  merge(a);
  return a;
}

export async function deleteAnnotation(qc: QueryClient, a: TAnnotation) {
  await apiFetch<void>(`${base(a.incidentId)}/annotations/${a.id}`, { method: "DELETE" });
  mergeAnnotations(qc, a.incidentId, [], [a.id]);
}
