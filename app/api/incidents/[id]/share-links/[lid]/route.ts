import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { revokeShareLink } from "@/lib/auth/share-links";
import { incidentRoute } from "@/lib/incidents/incident-route";

export const dynamic = "force-dynamic";

/** Owners: revokes a share link; browsers that opened it lose access at once. */
export const DELETE = incidentRoute(async (_req, { incident, params }) => {
  if (!(await revokeShareLink(incident.id, params.lid))) throw notFound("Live share link", params.lid);
  return { revoked: params.lid };
}, z.object({ id: z.uuid(), lid: z.uuid() }));
