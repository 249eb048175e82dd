import { route, ZIdParams } from "@/lib/api/handler";
import { searchParamsObject } from "@/lib/api/query";
import { getIncident } from "@/lib/incidents/incidents";
import { metricSeries, parseMetricQuery } from "@/lib/series/metric-series";

export const dynamic = "force-dynamic";

export const GET = route(async (req, { params }) => {
  await getIncident(params.id);
  return metricSeries(params.id, parseMetricQuery(searchParamsObject(req)));
}, ZIdParams);
