import { incidentRoute } from "@/lib/incidents/incident-route";
import { generateTimeline } from "@/lib/postmortem/generate-timeline";

export const dynamic = "force-dynamic";

/** → `{markdown, rows: [{at, kind, text}]}`: the table for the postmortem's timeline block. */
export const GET = incidentRoute(async (_req, { incident }) => generateTimeline(incident.id));
