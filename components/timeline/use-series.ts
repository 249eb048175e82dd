"use client";

// One panel's series: a TanStack query keyed by ["evidence", incidentId, "series", key], `key`
// being the normalized request {kind, from, to, step, maxPoints, filters}, so an upload (which
// invalidates ["evidence", incidentId]) refreshes every panel. Answers are the API's columns.
import { useQuery } from "@tanstack/react-query";
import { ApiRequestError } from "@/lib/client/api";
import { fetchSeries } from "@/lib/client/series";
import type { TRangeQuery, TSeriesColumns, TSeriesSpec } from "@/lib/schemas/series";
import { normalizeSeries, sameShape, type TSeriesKey } from "@/lib/timeline/view/series-query";

export const seriesQueryKey = (incidentId: string, key: TSeriesKey) => ["evidence", incidentId, "series", key] as const;

/** Client errors (400, 404) will not fix themselves by retrying. */
export const retryServerErrors = (count: number, error: Error) => !(error instanceof ApiRequestError && error.status < 500) && count < 1;

export function useSeries(incidentId: string, spec: TSeriesSpec, range: TRangeQuery, enabled: boolean) {
  const key = normalizeSeries(spec, range);
  return useQuery<TSeriesColumns, Error, TSeriesColumns, ReturnType<typeof seriesQueryKey>>({
    queryKey: seriesQueryKey(incidentId, key),
    queryFn: ({ signal }) => fetchSeries(incidentId, key, signal),
    enabled,
    // While a zoom or pan loads, keep drawing the previous data on the new domain.
    placeholderData: (previous, previousQuery) => (previous && previousQuery && sameShape(previousQuery.queryKey[3], key) ? previous : undefined),
    retry: retryServerErrors,
    // A new range is new data: comparing thousands of values with the previous ones (TanStack's
    // default structural sharing) only allocates. The placeholder above keeps the old object.
    structuralSharing: false,
  });
}
