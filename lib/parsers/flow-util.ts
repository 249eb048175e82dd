// Small helpers shared by the flow-log parsers (AWS text, CloudWatch, CSV, GCP).

/** The sniff head as text, BOM removed. A multi-byte character cut at the end becomes U+FFFD. */
export function headText(head: Uint8Array): string {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Complete lines of the head (the part after the last LF may be cut off), CR and blank lines dropped. */
export function headLines(head: Uint8Array, max: number): string[] {
  const text = headText(head);
  const lastLf = text.lastIndexOf("\n");
  const complete = lastLf === -1 ? text : text.slice(0, lastLf);
  const lines: string[] = [];
  for (const raw of complete.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() !== "") lines.push(line);
    if (lines.length === max) break;
  }
  return lines;
}

/** The first byte that is neither whitespace nor part of a UTF-8 BOM, or -1. */
export function firstSignificantByte(bytes: Uint8Array): number {
  for (const b of bytes) {
    if (b !== 32 && b !== 9 && b !== 10 && b !== 13 && b !== 0xef && b !== 0xbb && b !== 0xbf) return b;
  }
  return -1;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const ISO_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s*(Z|[+-]\d\d(?::?\d\d)?)?$/i;

/**
 * Epoch ms of an ISO-8601 / RFC 3339 time (`T` or space separator, any fraction digits — RFC 3339
 * nanoseconds are truncated to ms). Without a zone the time is taken as UTC (Athena / Logs Insights).
 * Null when the text is not such a time.
 */
export function parseIsoMs(text: string): number | null {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Number(((m[7] ?? "") + "000").slice(0, 3));
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(t).getUTCDate() !== day && second < 60) return null; // e.g. 2024-02-30
  const zone = m[8];
  if (zone && zone.toUpperCase() !== "Z") {
    const digits = zone.replace(":", "");
    const offset = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || "0");
    t -= (zone[0] === "-" ? -1 : 1) * offset * 60_000;
  }
  return t;
}
