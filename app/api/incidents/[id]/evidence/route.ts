import { incidentRoute } from "@/lib/incidents/incident-route";
import { evidenceSummary } from "@/lib/series/evidence-summary";

export const dynamic = "force-dynamic";

export const GET = incidentRoute(async (_req, { incident }) => evidenceSummary(incident.id));
