// The normalized form of one series request — {kind, from, to, step, maxPoints, filters} — from
// which both its query key and its URL are built, so equal requests share one cache entry.
import type { TRangeQuery, TSeriesKind, TSeriesSpec } from "@/lib/schemas/series";

export const MAX_POINTS_CAP = 2000;

/** URL parameters before normalization. */
export type TSeriesParams = Record<string, string | number | undefined | null>;
export type TNormalizedQuery = Record<string, string>;

/** Drops empty values, rounds times, caps maxPoints, sorts keys. */
export function normalizeSeriesQuery(params: TSeriesParams): TNormalizedQuery {
  const out: TNormalizedQuery = {};
  for (const key of Object.keys(params).sort()) {
    let v = params[key];
    if (v === undefined || v === null || v === "") continue;
    if (key === "from" || key === "to") v = Math.round(Number(v));
    if (key === "maxPoints") v = Math.min(MAX_POINTS_CAP, Math.max(10, Math.floor(Number(v))));
    out[key] = String(v);
  }
  return out;
}

/** A series request as its query key: the range and resolution, and the kind's own parameters as the API reads them. */
export type TSeriesKey = { kind: TSeriesKind; from?: number; to?: number; step?: number; maxPoints?: number; filters: TNormalizedQuery };

/** A spec's parameters as URL parameters: a metric's label filters are parameters of their own. */
function specParams(spec: TSeriesSpec): TSeriesParams {
  if (spec.kind !== "metrics") return { ...spec.filters };
  const { labels, ...rest } = spec.filters;
  return { ...labels, ...rest };
}

export function normalizeSeries(spec: TSeriesSpec, range: TRangeQuery): TSeriesKey {
  const { from, to, step, maxPoints, ...filters } = normalizeSeriesQuery({ ...specParams(spec), ...range });
  const key: TSeriesKey = { kind: spec.kind, filters };
  if (from !== undefined) key.from = Number(from);
  if (to !== undefined) key.to = Number(to);
  if (step !== undefined) key.step = Number(step);
  if (maxPoints !== undefined) key.maxPoints = Number(maxPoints);
  return key;
}

/** The URL parameters of a request (without the encoding). */
export function seriesUrlParams(key: TSeriesKey): TNormalizedQuery {
  const out: TNormalizedQuery = { ...key.filters };
  for (const k of ["from", "to", "step", "maxPoints"] as const) if (key[k] !== undefined) out[k] = String(key[k]);
  return out;
}

/** Same request except for the range and resolution (so the previous data may stand in while loading). */
export const sameShape = (a: TSeriesKey, b: TSeriesKey) => a.kind === b.kind && a.step === b.step && JSON.stringify(a.filters) === JSON.stringify(b.filters);
