// Where a permalink leads: the incident page with the stored view in its URL and `permalink=<slug>`.

/** `view.query` is the timeline's own URL query string; any other view opens the default view. */
export function permalinkTarget(incidentId: string, slug: string, view: Record<string, unknown>): string {
  const query = new URLSearchParams(typeof view.query === "string" ? view.query.replace(/^\?/, "") : "");
  query.delete("permalink");
  query.set("permalink", slug);
  return `/incidents/${encodeURIComponent(incidentId)}?${query.toString()}`;
}
