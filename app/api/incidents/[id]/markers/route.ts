import { NextResponse } from "next/server";
import { z } from "zod";
import { authorOf } from "@/lib/api/author";
import { readJson } from "@/lib/route/handler";
import { searchParamsObject } from "@/lib/api/query";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { createMarker, listMarkers } from "@/lib/markers/markers";
import { ZMarkerCreate } from "@/lib/schemas/marker";
import { ZTime } from "@/lib/schemas/time";
import { ZPageQuery } from "@/lib/schemas/page";

export const dynamic = "force-dynamic";

const ZRange = z.object({ from: ZTime.optional(), to: ZTime.optional() });

export const GET = incidentRoute(async (req, { incident }) =>
  listMarkers(incident.id, ZRange.parse(searchParamsObject(req)), ZPageQuery.parse(searchParamsObject(req))),
);

export const POST = incidentRoute(async (req, { incident }) => {
  const marker = await createMarker(incident.id, await readJson(req, ZMarkerCreate), authorOf(req));
  return NextResponse.json(marker, { status: 201 });
});
