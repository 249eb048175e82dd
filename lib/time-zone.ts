// IANA time zones for timestamps written without an offset (CSV exports, tcpdump -tttt): is a
// name a zone, and which UTC instant a local wall-clock time was, DST included. Built on the
// tz database every Node ships with (Intl); shared by the parsers and the wire schemas.

/** True when `name` is an IANA zone this runtime knows ("America/New_York", "UTC", "Etc/GMT+5"). */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Minutes east of UTC that `zone` was at the instant `utcMs`. */
function offsetMinutesAt(format: Intl.DateTimeFormat, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(utcMs))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * A converter from wall-clock times in `zone` (given as if they were UTC: `Date.UTC(y, m, d, h,
 * mi, s)`) to the instants they name. A time in the hour skipped when clocks spring forward is
 * read with the offset before the change (02:30 → 03:30 daylight time); one that occurs twice
 * when they fall back is the first (daylight) one, as Temporal's "compatible" disambiguation.
 *
 * Hand-written rather than a date library: it runs once per timestamp of an export, and the
 * offset is looked up once per wall-clock minute (zones change only on whole minutes since
 * 1990), where formatToParts per timestamp would dominate parsing.
 */
export function wallClockToUtc(zone: string): (wallMs: number) => number {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
  });
  const cache = new Map<number, number>();
  const offsetOfWallMinute = (minute: number): number => {
    const wall = minute * 60_000;
    // The offset a few hours before and after brackets any change near this wall time.
    const before = offsetMinutesAt(format, wall - 6 * 3_600_000);
    const after = offsetMinutesAt(format, wall + 6 * 3_600_000);
    if (before === after) return before;
    const asBefore = wall - before * 60_000;
    const asAfter = wall - after * 60_000;
    const beforeFits = offsetMinutesAt(format, asBefore) === before;
    const afterFits = offsetMinutesAt(format, asAfter) === after;
    if (beforeFits) return before; // unambiguous under the earlier offset, or the first of two (fall back)
    if (afterFits) return after;
    return before; // in the gap (spring forward): the earlier offset, so 02:30 reads as 03:30 after the change
  };
  return (wallMs: number) => {
    const minute = Math.floor(wallMs / 60_000);
    let offset = cache.get(minute);
    if (offset === undefined) {
      if (cache.size > 100_000) cache.clear();
      cache.set(minute, (offset = offsetOfWallMinute(minute)));
    }
    return wallMs - offset * 60_000;
  };
}
