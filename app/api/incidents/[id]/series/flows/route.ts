import { route, ZIdParams } from "@/lib/api/handler";
import { getIncident } from "@/lib/incidents/incidents";
import { flowSeries, ZFlowSeriesQuery } from "@/lib/series/flow-series";
import { searchParamsObject } from "@/lib/api/query";

export const dynamic = "force-dynamic";

export const GET = route(async (req, { params }) => {
  await getIncident(params.id);
  return flowSeries(params.id, ZFlowSeriesQuery.parse(searchParamsObject(req)));
}, ZIdParams);
