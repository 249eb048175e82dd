import { NextResponse } from "next/server";
import { z } from "zod";
import { authorOf } from "@/lib/api/author";
import { readJson, route, ZIdParams } from "@/lib/api/handler";
import { searchParamsObject } from "@/lib/api/query";
import { getIncident } from "@/lib/incidents/incidents";
import { createMarker, listMarkers } from "@/lib/markers/markers";
import { ZMarkerCreate } from "@/lib/schemas/marker";
import { ZTime } from "@/lib/schemas/time";

export const dynamic = "force-dynamic";

const ZRange = z.object({ from: ZTime.optional(), to: ZTime.optional() });

export const GET = route(async (req, { params }) => {
  await getIncident(params.id);
  return { markers: await listMarkers(params.id, ZRange.parse(searchParamsObject(req))) };
}, ZIdParams);

export const POST = route(async (req, { params }) => {
  await getIncident(params.id);
  const marker = await createMarker(params.id, await readJson(req, ZMarkerCreate), authorOf(req));
  return NextResponse.json(marker, { status: 201 });
}, ZIdParams);
