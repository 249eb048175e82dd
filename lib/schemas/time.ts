import { z } from "zod";

/** The times the API takes: 1970 to the end of 9999, what a timestamp column and a Date both hold. */
export const MIN_TIME_MS = 0;
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A point in time as the API accepts it: epoch milliseconds or an ISO-8601 string. Parsed to ms. */
export const ZTime = z.union([z.number(), z.string().trim().min(1)]).transform((value, ctx) => {
  const ms = typeof value === "number" ? value : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: "custom", message: `not a time: expected epoch milliseconds or ISO-8601, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  if (ms < MIN_TIME_MS || ms > MAX_TIME_MS) {
    ctx.addIssue({ code: "custom", message: `out of range: a time between 1970 and 9999 is expected, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return Math.round(ms);
});

export const toMs = (d: Date | null | undefined) => (d ? d.getTime() : null);
