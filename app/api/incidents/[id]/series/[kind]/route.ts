// GET /api/incidents/:id/series/{flows|packets|dns|metrics}: every kind behind one route. The
// queries answer in columns; the default `[t, value]` points are derived from them, and
// `format=columns` sends them as they are.
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { ZIdParams } from "@/lib/route/handler";
import { searchParamsObject } from "@/lib/api/query";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { SERIES_KINDS, toPoints, ZSeriesFormatQuery, ZSeriesKind } from "@/lib/schemas/series";
import { loadSeries } from "@/lib/series/load";

export const dynamic = "force-dynamic";

export const GET = incidentRoute(async (req, { params, incident }) => {
  const kind = ZSeriesKind.safeParse(params.kind);
  if (!kind.success) {
    throw new ApiError("not_found", `There are no "${params.kind}" series; the kinds are ${SERIES_KINDS.join(", ")}.`, { kind: params.kind, kinds: SERIES_KINDS });
  }
  const query = searchParamsObject(req);
  const { format } = ZSeriesFormatQuery.parse(query);
  const columns = await loadSeries(incident.id, kind.data, query);
  return format === "columns" ? columns : toPoints(columns);
}, ZIdParams.extend({ kind: z.string() }));
