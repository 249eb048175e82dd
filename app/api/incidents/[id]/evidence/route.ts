import { route, ZIdParams } from "@/lib/api/handler";
import { getIncident } from "@/lib/incidents/incidents";
import { evidenceSummary } from "@/lib/series/evidence-summary";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { params }) => {
  await getIncident(params.id);
  return evidenceSummary(params.id);
}, ZIdParams);
