import { z } from "zod";
import { removeMember } from "@/lib/auth/members";
import { incidentRoute } from "@/lib/incidents/incident-route";

export const dynamic = "force-dynamic";

/** Owners: takes someone's role on this incident away. */
export const DELETE = incidentRoute(async (_req, { incident, params }) => removeMember(incident.id, params.userId), z.object({ id: z.uuid(), userId: z.uuid() }));
