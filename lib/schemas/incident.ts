import { z } from "zod";
import { zText } from "./text";
import { ZTime } from "./time";

const title = zText().trim().min(1, "a title is required").max(200);
const ticket = zText().trim().min(1).max(200).regex(/^[^\s/]+$/, "a ticket reference has no spaces or slashes");

export const ZIncidentCreate = z.object({
  title,
  ticket: ticket.nullish(),
  summary: zText().max(50_000).optional(),
  windowFrom: ZTime.nullish(),
  windowTo: ZTime.nullish(),
  /** With sign-in: every member sees the incident, or only those invited to it. */
  visibility: z.enum(["members", "restricted"]).optional(),
});
export type TIncidentCreate = z.infer<typeof ZIncidentCreate>;

export const ZIncidentUpdate = ZIncidentCreate.partial().refine((v) => Object.keys(v).length > 0, {
  message: "nothing to update",
});
export type TIncidentUpdate = z.infer<typeof ZIncidentUpdate>;

export const ZIncidentListQuery = z.object({
  ticket: ticket.optional(),
  q: zText().trim().max(200).optional(),
});

/** An incident as the API returns it (times in epoch ms). */
export type TIncident = {
  id: string;
  title: string;
  ticket: string | null;
  summary: string;
  windowFrom: number | null;
  windowTo: number | null;
  createdAt: number;
  updatedAt: number;
  uploadCount: number;
  visibility: "members" | "restricted";
};
