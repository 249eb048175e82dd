import { incidentRoute } from "@/lib/incidents/incident-route";
import { listMetrics } from "@/lib/series/metric-catalog";

export const dynamic = "force-dynamic";

export const GET = incidentRoute(async (_req, { incident }) => ({ metrics: await listMetrics(incident.id) }));
