// Browser-side calls of the postmortem and permalink APIs (series: components/timeline/use-series.ts).
import { apiFetch } from "@/lib/client/api";
import type { TPermalink } from "@/lib/schemas/permalink";
import type { TPostmortem, TPostmortemRevision, TRevisionSummary } from "@/lib/schemas/postmortem";
import type { TTimelineRow } from "@/lib/postmortem/timeline-block";

const base = (id: string) => `/api/incidents/${encodeURIComponent(id)}/postmortem`;

export const pmApi = {
  get: (id: string) => apiFetch<TPostmortem>(base(id), { cache: "no-store" }),
  save: (id: string, markdown: string, baseRevision: number) => apiFetch<TPostmortem>(base(id), { method: "PUT", json: { markdown, baseRevision } }),
  revisions: (id: string) => apiFetch<{ revisions: TRevisionSummary[] }>(`${base(id)}/revisions`, { cache: "no-store" }),
  revision: (id: string, rev: number) => apiFetch<TPostmortemRevision>(`${base(id)}/revisions/${rev}`),
  restore: (id: string, rev: number, baseRevision: number) =>
    apiFetch<TPostmortem>(`${base(id)}/revisions/${rev}/restore`, { method: "POST", json: { baseRevision } }),
  timeline: (id: string) => apiFetch<{ markdown: string; rows: TTimelineRow[] }>(`${base(id)}/timeline`, { cache: "no-store" }),
  evidence: (id: string) => apiFetch<{ range: { from: number; to: number } | null }>(`/api/incidents/${encodeURIComponent(id)}/evidence`),
  createPermalink: (incidentId: string, query: string) => apiFetch<{ slug: string; url: string }>("/api/permalinks", { method: "POST", json: { incidentId, view: { query } } }),
  permalink: (slug: string) => apiFetch<TPermalink>(`/api/permalinks/${encodeURIComponent(slug)}`),
};
