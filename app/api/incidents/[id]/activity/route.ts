import { z } from "zod";
import { searchParamsObject } from "@/lib/api/query";
import { incidentActivity } from "@/lib/activity/incident-activity";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { ZTime } from "@/lib/schemas/time";

export const dynamic = "force-dynamic";

/** `?since=` epoch ms or ISO-8601; without it, everything (a full sync). */
const ZQuery = z.object({ since: ZTime.default(0) });

export const GET = incidentRoute(async (req, { incident }) => {
  const { since } = ZQuery.parse(searchParamsObject(req));
  return incidentActivity(incident.id, since);
});
