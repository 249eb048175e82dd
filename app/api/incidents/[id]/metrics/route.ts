import { z } from "zod";
import { searchParamsObject } from "@/lib/api/query";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { listMetrics, rankMetricsByChange } from "@/lib/series/metric-catalog";
import { ZTime } from "@/lib/schemas/time";

export const dynamic = "force-dynamic";

/** `rank=change` sorts by how much each metric moved in `from`–`to` (default: by name). */
const ZQuery = z.object({ rank: z.enum(["name", "change"]).default("name"), from: ZTime.optional(), to: ZTime.optional() });

export const GET = incidentRoute(async (req, { incident }) => {
  const q = ZQuery.parse(searchParamsObject(req));
  return { metrics: q.rank === "change" ? await rankMetricsByChange(incident.id, q) : await listMetrics(incident.id) };
});
