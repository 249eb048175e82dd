import { NextResponse } from "next/server";
import { readJson, route } from "@/lib/api/handler";
import { createIncident, listIncidents } from "@/lib/incidents/incidents";
import { ZIncidentCreate, ZIncidentListQuery } from "@/lib/schemas/incident";
import { ZPageQuery } from "@/lib/schemas/page";
import { requireTicketSecret } from "@/lib/tickets/ticket-incident";

export const dynamic = "force-dynamic";

export const GET = route(async (req) => {
  const query = ZIncidentListQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  // Looking incidents up by ticket is what automations do; it takes the ticket secret when one is set.
  if (query.ticket) requireTicketSecret(req);
  return listIncidents(query, ZPageQuery.parse(Object.fromEntries(req.nextUrl.searchParams)));
});

export const POST = route(async (req) => {
  const incident = await createIncident(await readJson(req, ZIncidentCreate));
  return NextResponse.json(incident, { status: 201 });
});
