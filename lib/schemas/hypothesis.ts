import { z } from "zod";
import { zText } from "./text";
import type { TAnnotation } from "./annotation";
import { ZTime } from "./time";
import type { TClockChange } from "./clock";

export const HYPOTHESIS_STATUSES = ["open", "supported", "refuted", "confirmed"] as const;
export type THypothesisStatus = (typeof HYPOTHESIS_STATUSES)[number];

const title = zText().trim().min(1, "a title is required").max(200);
const description = zText().max(20_000);

export const ZHypothesisCreate = z.object({ title, description: description.optional() });
export type THypothesisCreate = z.infer<typeof ZHypothesisCreate>;

/**
 * Edits (`title`, `description`, `position` — the 0-based place in the list) and/or a status
 * change, which needs a reason. `updatedAt` is the version the client saw: when given, edits
 * to a hypothesis changed since answer 409. Status changes are appended regardless.
 */
export const ZHypothesisUpdate = z
  .object({
    title: title.optional(),
    description: description.optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    status: z.enum(HYPOTHESIS_STATUSES).optional(),
    reason: zText().trim().max(5000).optional(),
    updatedAt: ZTime.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status !== undefined && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "a status change needs a reason" });
    if (v.status === undefined && v.reason !== undefined) ctx.addIssue({ code: "custom", path: ["status"], message: "a reason goes with a status" });
    if ([v.title, v.description, v.position, v.status].every((x) => x === undefined)) ctx.addIssue({ code: "custom", path: [], message: "nothing to update" });
  });
export type THypothesisUpdate = z.infer<typeof ZHypothesisUpdate>;

/** The new order: listed ids first, in that order; hypotheses not listed keep their order after them. */
export const ZHypothesisReorder = z.object({
  ids: z
    .array(z.uuid({ message: "not a valid id" }))
    .min(1)
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, "an id is listed twice"),
});

export type THypothesisEvent = { status: THypothesisStatus; reason: string | null; author: string | null; at: number };

/** A hypothesis as the API returns it; `history` is oldest first, starting with its creation. */
export type THypothesis = {
  id: string;
  incidentId: string;
  title: string;
  description: string;
  status: THypothesisStatus;
  position: number;
  author: string | null;
  createdAt: number;
  updatedAt: number;
  history: THypothesisEvent[];
};

/** What changed on an incident since a moment, for browsers polling each other's work. */
export type TIncidentActivity = {
  /** Pass back as the next `since`. */
  now: number;
  /** Set when more changes wait past `now` (the page was full): ask again at once. */
  more?: true;
  hypotheses: THypothesis[];
  annotations: TAnnotation[];
  deletedHypothesisIds: string[];
  deletedAnnotationIds: string[];
  /** Upload clock offsets and zones changed since then (present only when some were). */
  clockChanges?: TClockChange[];
};
