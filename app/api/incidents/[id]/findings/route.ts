import { z } from "zod";
import { searchParamsObject } from "@/lib/api/query";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { listFindings } from "@/lib/findings/findings";
import { detectorStatus, ensureDetectorsRan } from "@/lib/findings/scheduler";
import type { TFindingsResponse } from "@/lib/schemas/finding";
import { ZPageQuery } from "@/lib/schemas/page";

export const dynamic = "force-dynamic";

const ZQuery = z.object({ includeDismissed: z.enum(["0", "1", "true", "false"]).optional() });

export const GET = incidentRoute(async (req, { incident }): Promise<TFindingsResponse> => {
  const q = ZQuery.parse(searchParamsObject(req));
  ensureDetectorsRan(incident.id);
  const page = await listFindings(incident.id, { includeDismissed: q.includeDismissed === "1" || q.includeDismissed === "true" }, ZPageQuery.parse(searchParamsObject(req)));
  return { ...page, ...detectorStatus(incident.id) };
});
