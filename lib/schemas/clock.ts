// Upload clocks on the wire: proposed offsets (GET /api/incidents/:id/clock-proposals) and the
// history of changes (the activity feed, the postmortem timeline).
import { z } from "zod";

export const ZClockProposal = z.object({
  /** The upload to shift, and its offset now and proposed (PATCH /api/uploads/:id with clockOffsetMs accepts it). */
  uploadId: z.string(),
  filename: z.string(),
  currentOffsetMs: z.number(),
  proposedOffsetMs: z.number(),
  /** proposedOffsetMs − currentOffsetMs. */
  shiftMs: z.number(),
  /**
   * 0–1. `syn-correlation`: the correlation of the two sources' SYN counts once shifted;
   * `marker-step`: the share of rollouts followed by the metric's step, less its spread.
   */
  score: z.number(),
  /** What the two sources both saw: the same SYNs (a capture against a flow log), or rollouts and the metric steps after them. */
  method: z.enum(["syn-correlation", "marker-step"]),
  /** The source kept as it is. */
  against: z.object({ uploadId: z.string(), filename: z.string() }),
  explanation: z.string(),
});
export type TClockProposal = z.infer<typeof ZClockProposal>;

export const ZClockProposals = z.object({
  proposals: z.array(ZClockProposal),
  /** Captures and metric exports no offset is proposed for, each with why (too few SYNs, no clear peak or step, already in step). */
  skipped: z.array(z.object({ uploadId: z.string(), filename: z.string(), reason: z.string() })),
});
export type TClockProposals = z.infer<typeof ZClockProposals>;

export const ZClockChange = z.object({
  id: z.string(),
  uploadId: z.string().nullable(),
  filename: z.string(),
  fromOffsetMs: z.number(),
  toOffsetMs: z.number(),
  fromTimeZone: z.string().nullable(),
  toTimeZone: z.string().nullable(),
  author: z.string().nullable(),
  at: z.number(),
});
export type TClockChange = z.infer<typeof ZClockChange>;

/** "+2.4 s", "−3.2 s", "+150 ms", "0 s". */
export function formatOffset(ms: number): string {
  const sign = ms > 0 ? "+" : ms < 0 ? "−" : "";
  const abs = Math.abs(ms);
  if (abs === 0) return "0 s";
  if (abs < 1000) return `${sign}${abs} ms`;
  const s = abs / 1000;
  return `${sign}${s >= 100 ? s.toFixed(0) : Number(s.toFixed(s >= 10 ? 1 : 3)).toString()} s`;
}

/** "capture.pcap clock shifted −3.2 s" / "… time zone set to America/New_York". */
export function describeClockChange(c: Pick<TClockChange, "filename" | "fromOffsetMs" | "toOffsetMs" | "fromTimeZone" | "toTimeZone">): string {
  const parts: string[] = [];
  if (c.toOffsetMs !== c.fromOffsetMs) parts.push(`clock shifted ${formatOffset(c.toOffsetMs - c.fromOffsetMs)}${c.fromOffsetMs ? ` (to ${formatOffset(c.toOffsetMs)} in all)` : ""}`);
  if (c.toTimeZone !== c.fromTimeZone) parts.push(`time zone ${c.toTimeZone ? `set to ${c.toTimeZone}` : "cleared (UTC)"}${c.fromTimeZone ? ` (was ${c.fromTimeZone})` : ""}`);
  return `${c.filename} ${parts.join(", ") || "clock unchanged"}`;
}
