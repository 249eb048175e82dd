import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { route } from "@/lib/route/handler";
import { revokeApiToken } from "@/lib/auth/api-tokens";

export const dynamic = "force-dynamic";

/** Administrators: revokes a token; it stops working at once. */
export const DELETE = route(async (_req, { params }) => {
  if (!(await revokeApiToken(params.tid))) throw notFound("Live token", params.tid);
  return { revoked: params.tid };
}, z.object({ tid: z.uuid() }));
