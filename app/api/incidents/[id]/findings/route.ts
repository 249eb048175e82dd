import { z } from "zod";
import { route, ZIdParams } from "@/lib/api/handler";
import { searchParamsObject } from "@/lib/api/query";
import { getIncident } from "@/lib/incidents/incidents";
import { listFindings } from "@/lib/findings/findings";
import { detectorStatus, ensureDetectorsRan } from "@/lib/findings/scheduler";
import type { TFindingsResponse } from "@/lib/schemas/finding";

export const dynamic = "force-dynamic";

const ZQuery = z.object({ includeDismissed: z.enum(["0", "1", "true", "false"]).optional() });

export const GET = route(async (req, { params }): Promise<TFindingsResponse> => {
  await getIncident(params.id);
  const q = ZQuery.parse(searchParamsObject(req));
  ensureDetectorsRan(params.id);
  const findings = await listFindings(params.id, { includeDismissed: q.includeDismissed === "1" || q.includeDismissed === "true" });
  return { findings, ...detectorStatus(params.id) };
}, ZIdParams);
