import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { route } from "@/lib/route/handler";
import { revokeSession } from "@/lib/auth/sessions";

export const dynamic = "force-dynamic";

/** Revokes a session (administrators only): its cookie stops working at once. */
export const DELETE = route(async (_req, { params }) => {
  if (!(await revokeSession(params.sid))) throw notFound("Live session", params.sid);
  return { revoked: params.sid };
}, z.object({ sid: z.uuid() }));
