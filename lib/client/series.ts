// Browser-side series requests. The app always asks for columns: charts, tooltips and exports
// read them as they come.
import type { TSeriesColumns } from "@/lib/schemas/series";
import { seriesUrlParams, type TSeriesKey } from "@/lib/timeline/view/series-query";
import { apiFetch } from "./api";

export const seriesUrl = (incidentId: string, key: TSeriesKey) =>
  `/api/incidents/${encodeURIComponent(incidentId)}/series/${key.kind}?${new URLSearchParams({ ...seriesUrlParams(key), format: "columns" })}`;

export const fetchSeries = (incidentId: string, key: TSeriesKey, signal?: AbortSignal) => apiFetch<TSeriesColumns>(seriesUrl(incidentId, key), { signal });
