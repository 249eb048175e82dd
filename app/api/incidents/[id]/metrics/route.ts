import { route, ZIdParams } from "@/lib/api/handler";
import { getIncident } from "@/lib/incidents/incidents";
import { listMetrics } from "@/lib/series/metric-catalog";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { params }) => {
  await getIncident(params.id);
  return { metrics: await listMetrics(params.id) };
}, ZIdParams);
