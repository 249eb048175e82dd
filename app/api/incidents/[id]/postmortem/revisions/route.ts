import { incidentRoute } from "@/lib/incidents/incident-route";
import { listRevisions } from "@/lib/postmortem/postmortems";

export const dynamic = "force-dynamic";

/** → `{revisions: [{revision, author, at, chars}]}`, newest first. */
export const GET = incidentRoute(async (_req, { incident }) => ({ revisions: await listRevisions(incident.id) }));
