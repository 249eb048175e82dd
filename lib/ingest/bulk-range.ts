// An upload's time range is the bulk of its evidence; rows standing apart are kept and reported.
import { formatDateTime } from "@/lib/format";
import type { TimeSpan } from "@/lib/time/time-span";
import type { IssueLog } from "./issue-log";

/** `from` of the first span and `to` of the last (flows: starts and ends); null when nothing was added. */
export function bulkRange(issues: IssueLog, what: string, starts: TimeSpan, ends: TimeSpan = starts): { timeFrom: number | null; timeTo: number | null } {
  const a = starts.bulk();
  const b = ends === starts ? a : ends.bulk();
  if (!a || !b) return { timeFrom: null, timeTo: null };
  const outliers = Math.max(a.outliers, b.outliers);
  if (outliers) {
    issues.note({
      line: 0,
      message: `${outliers} ${what} lie far apart from the rest, outside ${formatDateTime(a.from)} … ${formatDateTime(b.to)}: kept, but left out of the default time range (a wrong clock?)`,
    });
  }
  return { timeFrom: Math.floor(a.from), timeTo: Math.ceil(b.to) };
}
