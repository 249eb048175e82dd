import { z } from "zod";
import { zText } from "./text";
import { PANEL_ID_RE } from "./panel-id";
import { ZTime } from "./time";

export const ANNOTATION_STANCES = ["supports", "refutes", "context"] as const;
export type TAnnotationStance = (typeof ANNOTATION_STANCES)[number];

const fields = {
  from: ZTime,
  to: ZTime,
  text: zText().trim().min(1, "a text is required").max(20_000),
  stance: z.enum(ANNOTATION_STANCES),
  hypothesisId: z.uuid({ message: "not a valid id" }).nullable(),
  /** The panel it was made on (`flows`, `dns`, `metric-conntrack`, …). */
  panel: zText().trim().min(1).max(64).nullable(),
  /** The panels it is drawn on; empty for every panel. */
  panels: z.array(z.string().regex(PANEL_ID_RE, "not a panel id (flows, dns, metric-…)")).max(24).transform((ids) => [...new Set(ids)]),
};

const rangeOk = (v: { from?: number; to?: number }) => v.from === undefined || v.to === undefined || v.to >= v.from;
const rangeIssue = { message: "`to` must not be before `from`", path: ["to"] };

/** A point annotation has `from === to`; `to` defaults to `from`. */
export const ZAnnotationCreate = z
  .object({
    ...fields,
    to: fields.to.optional(),
    stance: fields.stance.default("context"),
    hypothesisId: fields.hypothesisId.optional(),
    panel: fields.panel.optional(),
    panels: fields.panels.optional(),
  })
  .transform((v) => ({ ...v, to: v.to ?? v.from, hypothesisId: v.hypothesisId ?? null, panel: v.panel ?? null, panels: v.panels ?? [] }))
  .refine(rangeOk, rangeIssue);
export type TAnnotationCreate = z.infer<typeof ZAnnotationCreate>;

/** `updatedAt` is the version the client saw: a different stored one answers 409. */
export const ZAnnotationUpdate = z
  .object({
    from: fields.from.optional(),
    to: fields.to.optional(),
    text: fields.text.optional(),
    stance: fields.stance.optional(),
    hypothesisId: fields.hypothesisId.optional(),
    panel: fields.panel.optional(),
    panels: fields.panels.optional(),
    updatedAt: ZTime.optional(),
  })
  .refine(rangeOk, rangeIssue)
  .refine((v) => Object.entries(v).some(([k, x]) => k !== "updatedAt" && x !== undefined), { message: "nothing to update" });
export type TAnnotationUpdate = z.infer<typeof ZAnnotationUpdate>;

/** Optional range filter: annotations overlapping [from, to]. */
export const ZAnnotationListQuery = z.object({ from: ZTime.optional(), to: ZTime.optional() });

/** An annotation as the API returns it (times in epoch ms). */
export type TAnnotation = {
  id: string;
  incidentId: string;
  from: number;
  to: number;
  text: string;
  stance: TAnnotationStance;
  hypothesisId: string | null;
  panel: string | null;
  /** The panels it is drawn on; empty for every panel. */
  panels: string[];
  author: string | null;
  createdAt: number;
  updatedAt: number;
};
