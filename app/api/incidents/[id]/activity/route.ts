import { z } from "zod";
import { searchParamsObject } from "@/lib/api/query";
import { ACTIVITY_PAGE, incidentActivity } from "@/lib/activity/incident-activity";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { ZTime } from "@/lib/schemas/time";

export const dynamic = "force-dynamic";

/** `?since=` epoch ms or ISO-8601 (without it, from the start); `limit` changes of each kind at most. */
const ZQuery = z.object({ since: ZTime.default(0), limit: z.coerce.number().int().min(1).max(ACTIVITY_PAGE).default(ACTIVITY_PAGE) });

export const GET = incidentRoute(async (req, { incident }) => {
  const { since, limit } = ZQuery.parse(searchParamsObject(req));
  return incidentActivity(incident.id, since, limit);
});
