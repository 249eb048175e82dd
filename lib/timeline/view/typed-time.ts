// What a person types into a time field: ISO-8601, `YYYY-MM-DD HH:MM[:SS]` (read in the view's
// zone), epoch milliseconds, or epoch seconds as found in flow logs.
import type { TZone } from "@/lib/timeline/view-state";

const PLAIN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

export function parseTypedTime(text: string, tz: TZone): number | null {
  const s = text.trim();
  if (!s) return null;
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    // 1e11 ms is 1973 and 1e11 s is the year 5138: shorter numbers are seconds.
    return Math.round(n < 1e11 ? n * 1000 : n);
  }
  const m = PLAIN.exec(s);
  if (m) {
    const [y, mo, d, h, mi, sec, ms] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number, number];
    const msPart = m[7] ? Number(m[7].padEnd(3, "0")) : ms;
    const t = tz === "utc" ? Date.UTC(y, mo - 1, d, h, mi, sec, msPart) : new Date(y, mo - 1, d, h, mi, sec, msPart).getTime();
    const back = new Date(t);
    // Date rolls 2024-02-31 over into March; a typo should be an error instead.
    const day = tz === "utc" ? back.getUTCDate() : back.getDate();
    return Number.isFinite(t) && day === d && h < 24 && mi < 60 && sec < 60 ? t : null;
  }
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
}
