// Shared time parsing for metric and marker parsers. Every result is epoch milliseconds; a
// fraction is kept when the source has sub-millisecond precision (float64 keeps µs exactly at
// current epochs, ns to within ~0.25 µs). Anything a parser cannot place on the UTC axis without
// guessing is reported: an error when no sane reading exists, a warning when one was assumed.
import { wallClockToUtc } from "@/lib/time-zone";

export type EpochUnit = "s" | "ms" | "us" | "ns";

export type TimeResult = { ok: true; ms: number; warning: string | null } | { ok: false; error: string };

export interface TimeOptions {
  /** Unit of bare numbers; when absent it is detected by magnitude. */
  unit?: EpochUnit;
  /** Offset (minutes east of UTC) for date-times written without one; when absent, UTC is assumed with a warning. */
  zoneOffsetMinutes?: number;
  /** IANA zone for date-times written without an offset, DST included; wins over `zoneOffsetMinutes`. */
  timeZone?: string;
}

const converters = new Map<string, (wallMs: number) => number>();
/** One converter per zone for the process: each keeps its per-minute offsets. */
function zoneConverter(zone: string): (wallMs: number) => number {
  let convert = converters.get(zone);
  if (!convert) converters.set(zone, (convert = wallClockToUtc(zone)));
  return convert;
}

/** A wall-clock time written without an offset (given as if UTC) → epoch ms, read in `options`' zone; null without one. */
export function fromWallClock(wallMs: number, options: TimeOptions): number | null {
  if (options.timeZone) return zoneConverter(options.timeZone)(wallMs);
  if (options.zoneOffsetMinutes !== undefined) return wallMs - options.zoneOffsetMinutes * 60_000;
  return null;
}

/** Plausible instants: 1990-01-01 ≤ t < 2100-01-01 UTC. Outside it a number is taken for a wrong unit or an offset. */
const PLAUSIBLE_FROM_MS = 631_152_000_000;
const PLAUSIBLE_TO_MS = 4_102_444_800_000;

const UNIT_SHIFT: Record<EpochUnit, number> = { s: 3, ms: 0, us: -3, ns: -6 };
const UNIT_NAME: Record<EpochUnit, string> = { s: "seconds", ms: "milliseconds", us: "microseconds", ns: "nanoseconds" };
const UNITS: EpochUnit[] = ["s", "ms", "us", "ns"];
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/;
const DIGITS = /^\d+$/;
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export const unitName = (unit: EpochUnit) => UNIT_NAME[unit];

/** ISO-8601 UTC rendering for messages; keeps sub-ms digits out. */
export function formatTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(Math.floor(ms)).toISOString() : String(ms);
}

export function isPlausible(ms: number): boolean {
  return ms >= PLAUSIBLE_FROM_MS && ms < PLAUSIBLE_TO_MS;
}

/** The unit under which `value` lands in the plausible window, or null (windows of the four units do not overlap). */
export function detectEpochUnit(value: number): EpochUnit | null {
  for (const unit of UNITS) if (isPlausible(value * 10 ** UNIT_SHIFT[unit])) return unit;
  return null;
}

/**
 * Epoch number (or its decimal text) in `unit` → epoch ms, shifting the decimal point in the text so
 * that e.g. 1435781430.781 s is exactly 1435781430781 ms and 19-digit ns keep their ms part exact.
 * NaN when `value` is not a number.
 */
export function epochToMs(value: number | string, unit: EpochUnit): number {
  const text = typeof value === "number" ? String(value) : value.trim();
  // Fast path for the usual plain digits; the same result as the decimal shift below.
  const digits = -UNIT_SHIFT[unit];
  if (DIGITS.test(text) && text.length > digits) {
    if (digits <= 0) return Number(text) * 10 ** -digits;
    const fraction = text.slice(-digits);
    return Number(text.slice(0, -digits)) + (/[1-9]/.test(fraction) ? Number(fraction) / 10 ** digits : 0);
  }
  const m = DECIMAL.exec(text);
  if (!m) return NUMERIC.test(text) ? Number(text) * 10 ** UNIT_SHIFT[unit] : NaN;
  const [, sign, int = "", frac = ""] = m;
  const shift = UNIT_SHIFT[unit];
  let whole: string;
  let rest: string;
  if (shift >= 0) {
    const f = frac.padEnd(shift, "0");
    whole = int + f.slice(0, shift);
    rest = f.slice(shift);
  } else {
    const i = int.padStart(1 - shift, "0");
    whole = i.slice(0, i.length + shift);
    rest = i.slice(i.length + shift) + frac;
  }
  const ms = /[1-9]/.test(rest) ? Number(whole) + Number(`0.${rest}`) : Number(whole);
  return sign === "-" ? -ms : ms;
}

/** A bare epoch number; the unit is given or detected by magnitude (1.7e9 s, 1.7e12 ms, 1.7e15 µs, 1.7e18 ns). */
export function parseEpoch(value: number | string, unit?: EpochUnit): TimeResult {
  const text = typeof value === "number" ? String(value) : value.trim();
  if (typeof value === "string" && !NUMERIC.test(text)) return { ok: false, error: `not an epoch number: ${JSON.stringify(value)}` };
  const n = Number(text);
  if (!Number.isFinite(n)) return { ok: false, error: `not a finite epoch number: ${text}` };
  if (unit) {
    const ms = epochToMs(text, unit);
    const warning = isPlausible(ms)
      ? null
      : `epoch ${text} read as ${UNIT_NAME[unit]} is ${formatTime(ms)}, outside 1990–2100 — wrong unit or a relative offset?`;
    return { ok: true, ms, warning };
  }
  const detected = detectEpochUnit(n);
  if (detected) return { ok: true, ms: epochToMs(text, detected), warning: null };
  return {
    ok: false,
    error:
      `ambiguous epoch ${text}: not a 1990–2100 time in seconds, ms, µs or ns ` +
      `(as seconds ${formatTime(n * 1000)}, as ms ${formatTime(n)}) — a relative offset or a truncated value? State the unit`,
  };
}

// YYYY-MM-DD[(T| )hh:mm[:ss[.fff…]]][Z|UTC|±hh[:mm]]
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz]|UTC|GMT)|([+-])(\d{2}):?(\d{2})?)?$/;

/** RFC 3339 / ISO-8601 date-time. A value without offset is read in `timeZone` (or `zoneOffsetMinutes`), else assumed UTC and warned. */
export function parseIsoTime(text: string, options: TimeOptions = {}): TimeResult {
  const s = text.trim();
  const m = ISO.exec(s);
  if (!m) {
    const relative = /^[+-]\d/.test(s) || /^\d+(?:\.\d+)?\s*(?:ms|s|m|h|d)$/.test(s);
    return {
      ok: false,
      error: relative
        ? `relative time ${JSON.stringify(text)} cannot be placed without a reference time`
        : `unrecognised time ${JSON.stringify(text)}: expected RFC 3339 / ISO-8601 or an epoch number`,
    };
  }
  const [, y, mo, d, h = "0", mi = "0", sec = "0", frac, utc, sign, oh, om = "00"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  const base = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  const check = new Date(base);
  if (
    month < 1 || month > 12 || check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 ||
    hour > 23 || minute > 59 || second > 60 || Number(oh ?? 0) > 23 || Number(om) > 59
  ) {
    return { ok: false, error: `invalid date-time ${JSON.stringify(text)}` };
  }
  let ms = base + (second === 60 ? 1000 : 0);
  if (frac) ms += frac.length <= 3 ? Number(frac.padEnd(3, "0")) : Number(`${frac.slice(0, 3)}.${frac.slice(3)}`);
  if (utc) return { ok: true, ms, warning: null };
  if (sign) {
    const offset = (Number(oh) * 60 + Number(om)) * (sign === "-" ? -1 : 1);
    return { ok: true, ms: ms - offset * 60_000, warning: null };
  }
  const zoned = fromWallClock(ms, options);
  if (zoned !== null) return { ok: true, ms: zoned, warning: null };
  return { ok: true, ms, warning: `no UTC offset in ${JSON.stringify(s)}; assumed UTC` };
}

/** A time as exported: epoch number (or numeric text) or ISO-8601 text. */
export function parseTime(value: number | string, options: TimeOptions = {}): TimeResult {
  if (typeof value === "number" || NUMERIC.test(value.trim())) return parseEpoch(value, options.unit);
  return parseIsoTime(value, options);
}
