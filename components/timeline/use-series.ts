"use client";

// One panel's series: a TanStack query keyed by ["evidence", incidentId, "series", kind, query]
// so an upload (which invalidates ["evidence", incidentId]) refreshes every panel.
import { useQuery } from "@tanstack/react-query";
import { ApiRequestError, apiFetch } from "@/lib/client/api";
import type { TSeriesKind, TSeriesResponse } from "@/lib/schemas/series";
import { toChartData, type TChartData } from "@/lib/timeline/view/chart-data";
import { normalizeSeriesQuery, sameShape, toQueryString, type TNormalizedQuery, type TSeriesParams } from "@/lib/timeline/view/series-query";

export const seriesKey = (incidentId: string, kind: TSeriesKind, query: TNormalizedQuery) => ["evidence", incidentId, "series", kind, query] as const;

/** Client errors (400, 404) will not fix themselves by retrying. */
export const retryServerErrors = (count: number, error: Error) => !(error instanceof ApiRequestError && error.status < 500) && count < 1;

export function useSeries(incidentId: string, kind: TSeriesKind, params: TSeriesParams, enabled: boolean) {
  const query = normalizeSeriesQuery(params);
  return useQuery<TChartData, Error>({
    queryKey: seriesKey(incidentId, kind, query),
    queryFn: ({ signal }) => apiFetch<TSeriesResponse>(`/api/incidents/${incidentId}/series/${kind}?${toQueryString(query)}`, { signal }).then(toChartData),
    enabled,
    // While a zoom or pan loads, keep drawing the previous data on the new domain.
    placeholderData: (previous, previousQuery) => (previous && previousQuery && sameShape(previousQuery.queryKey[4] as TNormalizedQuery, query) ? previous : undefined),
    retry: retryServerErrors,
    // A new range is new data: comparing thousands of rows with the previous ones (TanStack's
    // default structural sharing) only allocates. The placeholder above keeps the old object.
    structuralSharing: false,
  });
}
