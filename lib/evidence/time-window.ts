// The times evidence may carry: from 1990 to a day from now. Anything outside is a broken clock
// or a broken file, and one such row would stretch an incident's default range over centuries
// (or past what a timestamp column holds), so ingest sets it aside with its reason.
const DAY_MS = 86_400_000;
export const EARLIEST_EVIDENCE_MS = Date.UTC(1990, 0, 1);
export const latestEvidenceMs = () => Date.now() + DAY_MS;

/** Null when `ms` may be stored, else why not. */
export function timeProblem(what: string, ms: number): string | null {
  if (!Number.isFinite(ms)) return `${what} is not a time`;
  if (ms < EARLIEST_EVIDENCE_MS || ms > latestEvidenceMs()) {
    const shown = Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
    return `${what} ${shown} is outside 1990 … now + 1 day (a wrong clock or unit?)`;
  }
  return null;
}
