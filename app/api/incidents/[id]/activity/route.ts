import { z } from "zod";
import { route, ZIdParams } from "@/lib/api/handler";
import { searchParamsObject } from "@/lib/api/query";
import { incidentActivity } from "@/lib/activity/incident-activity";
import { getIncident } from "@/lib/incidents/incidents";
import { ZTime } from "@/lib/schemas/time";

export const dynamic = "force-dynamic";

/** `?since=` epoch ms or ISO-8601; without it, everything (a full sync). */
const ZQuery = z.object({ since: ZTime.default(0) });

export const GET = route(async (req, { params }) => {
  await getIncident(params.id);
  const { since } = ZQuery.parse(searchParamsObject(req));
  return incidentActivity(params.id, since);
}, ZIdParams);
