import { NextResponse } from "next/server";
import { readJson, route } from "@/lib/route/handler";
import { visibleIncidentsWhere } from "@/lib/auth/access";
import { auditIncident } from "@/lib/request-scope";
import { createIncident, listIncidents } from "@/lib/incidents/incidents";
import { ZIncidentCreate, ZIncidentListQuery } from "@/lib/schemas/incident";
import { ZPageQuery } from "@/lib/schemas/page";
import { requireTicketSecret } from "@/lib/tickets/ticket-incident";

export const dynamic = "force-dynamic";

export const GET = route(async (req, { identity }) => {
  const query = ZIncidentListQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  // Looking incidents up by ticket is what automations do; in local mode it takes the ticket
  // secret when one is set (with sign-in, the access policy has checked the credential).
  if (query.ticket && identity.kind === "local") requireTicketSecret(req);
  return listIncidents(query, ZPageQuery.parse(Object.fromEntries(req.nextUrl.searchParams)), visibleIncidentsWhere(identity));
});

export const POST = route(async (req, { identity }) => {
  const incident = await createIncident(await readJson(req, ZIncidentCreate), identity.kind === "user" ? identity.user.id : null);
  auditIncident(incident.id);
  return NextResponse.json(incident, { status: 201 });
});
