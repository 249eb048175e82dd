import { NextResponse } from "next/server";
import { readJson, route, ZIdParams } from "@/lib/api/handler";
import { deleteIncident, getIncident, updateIncident } from "@/lib/incidents/incidents";
import { ZIncidentUpdate } from "@/lib/schemas/incident";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { params }) => getIncident(params.id), ZIdParams);

export const PATCH = route(
  async (req, { params }) => updateIncident(params.id, await readJson(req, ZIncidentUpdate)),
  ZIdParams,
);

export const DELETE = route(async (_req, { params }) => {
  await deleteIncident(params.id);
  return new NextResponse(null, { status: 204 });
}, ZIdParams);
