import { z } from "zod";
import { zText } from "./text";

/** Largest postmortem kept, in characters. */
export const MAX_POSTMORTEM_CHARS = 500_000;

/** `baseRevision` is the revision the text was edited from (0 before the first save). */
export const ZPostmortemPut = z.object({
  markdown: zText().max(MAX_POSTMORTEM_CHARS, `a postmortem must be shorter than ${MAX_POSTMORTEM_CHARS} characters`),
  baseRevision: z.number().int().min(0),
});
export type TPostmortemPut = z.infer<typeof ZPostmortemPut>;

export const ZRestore = z.object({ baseRevision: z.number().int().min(0).optional() });
export const ZRevisionParams = z.object({ id: z.uuid(), rev: z.coerce.number().int().min(1).max(1_000_000) });

/** The current text; `revision: 0` (and the template as text) when nothing was saved yet. */
export type TPostmortem = { incidentId: string; revision: number; markdown: string; author: string | null; at: number | null };

export type TPostmortemRevision = { revision: number; markdown: string; author: string | null; at: number };
export type TRevisionSummary = { revision: number; author: string | null; at: number; chars: number };

/** The 409 body's `details` when the base revision is not the latest. */
export type TConflictDetails = { latest: { revision: number; markdown: string; author: string | null; at: number | null } };
