// GET /api/incidents/:id/clock-proposals: offsets proposed where a capture and a flow log saw the same SYNs.
import { incidentRoute } from "@/lib/incidents/incident-route";
import { clockProposals } from "@/lib/clock/clock-proposals";

export const dynamic = "force-dynamic";

export const GET = incidentRoute(async (_req, { incident }) => clockProposals(incident.id));
