import { z } from "zod";
import { zText } from "./text";
import { ZTime } from "./time";

export const ZMarkerCreate = z
  .object({
    ts: ZTime,
    endTs: ZTime.nullish(),
    kind: zText().trim().min(1).max(64).default("note"),
    label: zText().trim().min(1, "a label is required").max(500),
    source: zText().trim().max(200).nullish(),
    message: zText().max(5000).nullish(),
  })
  .refine((m) => m.endTs == null || m.endTs >= m.ts, { message: "endTs must not be before ts", path: ["endTs"] });
export type TMarkerCreate = z.infer<typeof ZMarkerCreate>;

/** A marker as the API returns it: a point (endTs null) or a band, times in epoch ms. */
export type TMarker = {
  id: string;
  ts: number;
  endTs: number | null;
  kind: string;
  label: string;
  source: string | null;
  object: string | null;
  message: string | null;
  uploadId: string | null;
  author: string | null;
};
