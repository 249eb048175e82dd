"use client";

// Incident-wide data for the workspace: which evidence exists (and its time range), markers,
// and the list of metric series. All keyed under ["evidence", incidentId].
import { useQuery } from "@tanstack/react-query";
import { ApiRequestError, apiFetch, fetchAllPages } from "@/lib/client/api";
import type { TEvidenceSummary, TMetricInfo } from "@/lib/schemas/series";
import type { TMarker } from "@/lib/timeline/view/markers";
import type { TFamilies } from "@/lib/timeline/view/panels";
import { retryServerErrors } from "./use-series";

export const isNotFound = (e: unknown) => e instanceof ApiRequestError && e.status === 404;

/** `initial`: the summary the page was rendered with, so panels can ask for series at once. */
export function useEvidence(incidentId: string, initial?: TEvidenceSummary) {
  return useQuery({
    queryKey: ["evidence", incidentId, "summary"],
    queryFn: () => apiFetch<TEvidenceSummary>(`/api/incidents/${incidentId}/evidence`),
    retry: retryServerErrors,
    initialData: initial,
    staleTime: 5_000,
  });
}

export const familyCounts = (e: TEvidenceSummary | undefined): TFamilies => ({
  flows: e?.families.flows?.uploads ?? 0,
  captures: e?.families.captures?.uploads ?? 0,
  metrics: e?.families.metrics?.uploads ?? 0,
  markers: e?.families.markers?.uploads ?? 0,
});

export function useMarkers(incidentId: string) {
  return useQuery({
    queryKey: ["evidence", incidentId, "markers"],
    queryFn: () => fetchAllPages<TMarker>(`/api/incidents/${incidentId}/markers`, "markers"),
    retry: retryServerErrors,
  });
}

export function useMetricList(incidentId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["evidence", incidentId, "metric-list"],
    queryFn: () => apiFetch<{ metrics: TMetricInfo[] }>(`/api/incidents/${incidentId}/metrics`).then((r) => r.metrics),
    retry: retryServerErrors,
    enabled,
  });
}

/** The metrics by how much they moved in `range`, most first: what the default panels show. */
export function useMetricsByChange(incidentId: string, range: { from: number; to: number } | null, enabled: boolean) {
  const query = range ? `&from=${range.from}&to=${range.to}` : "";
  return useQuery({
    queryKey: ["evidence", incidentId, "metric-rank", query],
    queryFn: () => apiFetch<{ metrics: TMetricInfo[] }>(`/api/incidents/${incidentId}/metrics?rank=change${query}`).then((r) => r.metrics),
    retry: retryServerErrors,
    enabled,
  });
}
