// GET /api/incidents/:id/top/{flows|dns}?from&to&by&metric&limit: the top talkers of a range.
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { searchParamsObject } from "@/lib/api/query";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { ZIdParams } from "@/lib/route/handler";
import { TOP_KINDS, ZTopDnsQuery } from "@/lib/schemas/top-talkers";
import { topDns, topFlows, ZTopFlowsQueryChecked } from "@/lib/series/top-talkers";

export const dynamic = "force-dynamic";

export const GET = incidentRoute(async (req, { params, incident }) => {
  const query = searchParamsObject(req);
  if (params.kind === "flows") return topFlows(incident.id, ZTopFlowsQueryChecked.parse(query));
  if (params.kind === "dns") return topDns(incident.id, ZTopDnsQuery.parse(query));
  throw new ApiError("not_found", `There are no "${params.kind}" top talkers; the kinds are ${TOP_KINDS.join(", ")}.`, { kind: params.kind, kinds: TOP_KINDS });
}, ZIdParams.extend({ kind: z.string() }));
