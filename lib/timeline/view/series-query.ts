// The normalized parameters of one panel's series request: the query key and the URL are built
// from the same object, so equal requests share one cache entry.
export const MAX_POINTS_CAP = 2000;

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

/** Same query except for the range and resolution (so the previous data may stand in while loading). */
export function sameShape(a: TNormalizedQuery, b: TNormalizedQuery): boolean {
  const strip = (q: TNormalizedQuery) => JSON.stringify(Object.entries(q).filter(([k]) => k !== "from" && k !== "to" && k !== "maxPoints"));
  return strip(a) === strip(b);
}

export const toQueryString = (q: TNormalizedQuery) => new URLSearchParams(q).toString();
