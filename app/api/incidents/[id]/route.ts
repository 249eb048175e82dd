import { NextResponse } from "next/server";
import { readJson } from "@/lib/route/handler";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { deleteIncident, updateIncident } from "@/lib/incidents/incidents";
import { ZIncidentUpdate } from "@/lib/schemas/incident";

export const dynamic = "force-dynamic";

export const GET = incidentRoute(async (_req, { incident }) => incident);

export const PATCH = incidentRoute(async (req, { incident }) => updateIncident(incident, await readJson(req, ZIncidentUpdate)));

export const DELETE = incidentRoute(async (_req, { incident }) => {
  await deleteIncident(incident.id);
  return new NextResponse(null, { status: 204 });
});
