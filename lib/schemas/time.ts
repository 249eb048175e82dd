import { z } from "zod";

/** A point in time as the API accepts it: epoch milliseconds or an ISO-8601 string. Parsed to ms. */
export const ZTime = z.union([z.number(), z.string().trim().min(1)]).transform((value, ctx) => {
  const ms = typeof value === "number" ? value : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: "custom", message: `not a time: expected epoch milliseconds or ISO-8601, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return Math.round(ms);
});

export const toMs = (d: Date | null | undefined) => (d ? d.getTime() : null);
