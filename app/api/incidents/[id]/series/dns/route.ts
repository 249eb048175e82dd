import { route, ZIdParams } from "@/lib/api/handler";
import { searchParamsObject } from "@/lib/api/query";
import { getIncident } from "@/lib/incidents/incidents";
import { dnsSeries, ZCaptureSeriesQuery } from "@/lib/series/capture-series";

export const dynamic = "force-dynamic";

export const GET = route(async (req, { params }) => {
  await getIncident(params.id);
  return dnsSeries(params.id, ZCaptureSeriesQuery.parse(searchParamsObject(req)));
}, ZIdParams);
