import { incidentRoute } from "@/lib/incidents/incident-route";
import { getRevision } from "@/lib/postmortem/postmortems";
import { ZRevisionParams } from "@/lib/schemas/postmortem";

export const dynamic = "force-dynamic";

/** → `{revision, markdown, author, at}`. */
export const GET = incidentRoute(async (_req, { params, incident }) => getRevision(incident.id, params.rev), ZRevisionParams);
