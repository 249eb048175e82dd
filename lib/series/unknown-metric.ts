// A metric name the incident does not have is a 404 that names the closest ones it does have
// (a typo, another exporter's prefix), not an empty chart that looks like no data.
import "server-only";
import { distance } from "fastest-levenshtein";
import { ApiError } from "@/lib/api/errors";
import { readQuery } from "@/lib/db";

const SUGGESTIONS = 5;

/** The names closest to `name`: those containing it or contained in it first, then by edit distance. */
export function closestNames(name: string, names: string[], count = SUGGESTIONS): string[] {
  const wanted = name.toLowerCase();
  return names
    .map((n) => {
      const lower = n.toLowerCase();
      return { n, contains: lower.includes(wanted) || (lower.length >= 4 && wanted.includes(lower)), d: distance(wanted, lower) };
    })
    // A typo is a few edits, at most half the name; anything further is another metric.
    .filter(({ n, contains, d }) => contains || d <= Math.max(3, Math.floor(Math.max(n.length, name.length) / 2)))
    .sort((a, b) => Number(b.contains) - Number(a.contains) || a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, count)
    .map(({ n }) => n);
}

/** Throws 404 unknown_metric when no upload of the incident has a series named `name`. */
export async function requireKnownMetric(uploads: string[], name: string): Promise<void> {
  if (uploads.length) {
    const { rows } = await readQuery("SELECT 1 FROM metric_series WHERE upload_id = ANY($1::uuid[]) AND name = $2 LIMIT 1", [uploads, name]);
    if (rows.length) return;
  }
  const { rows: names } = uploads.length
    ? await readQuery<{ name: string }>("SELECT DISTINCT name FROM metric_series WHERE upload_id = ANY($1::uuid[]) LIMIT 100000", [uploads])
    : { rows: [] };
  const suggestions = closestNames(name, names.map((r) => r.name));
  const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : names.length ? "" : " It has no metric exports yet.";
  throw new ApiError("unknown_metric", `This incident has no metric named "${name}".${hint}`, { name, suggestions });
}
