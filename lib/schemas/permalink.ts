import { z } from "zod";

/** Largest `view` a permalink keeps, measured as UTF-8 JSON. */
export const MAX_VIEW_BYTES = 64 * 1024;

/** Letters and digits only: a slug survives chat apps and markdown (no `_` to turn italic). */
export const SLUG_RE = /^[A-Za-z0-9]{8,10}$/;
export const ZSlugParams = z.object({ slug: z.string().regex(SLUG_RE) });

const jsonBytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

/**
 * `view` is whatever the timeline serializes (lib/timeline/view-state.ts), kept as-is; it opens
 * through its `query` (the timeline's URL query), so a view without one could only open the
 * default view and is refused.
 */
export const ZPermalinkCreate = z.object({
  incidentId: z.uuid({ message: "not a valid id" }),
  view: z
    .record(z.string(), z.unknown(), { message: "the view must be a JSON object" })
    .refine((v) => jsonBytes(v) < MAX_VIEW_BYTES, `the view must be smaller than ${MAX_VIEW_BYTES / 1024} KB`)
    .refine((v) => typeof v.query === "string", { path: ["query"], message: "the view must carry the timeline's URL query as a string; without it the link could only open the default view" }),
});
export type TPermalinkCreate = z.infer<typeof ZPermalinkCreate>;

export type TPermalink = {
  slug: string;
  incidentId: string;
  view: Record<string, unknown>;
  createdAt: number;
  author: string | null;
};
