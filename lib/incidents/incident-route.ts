// `route()` for handlers under /api/incidents/:id: the id is validated and the incident loaded
// once, before the handler runs, so a malformed or unknown id is a 404 JSON answer whatever the
// handler does. The lib functions it calls can then take the incident (or its id) as existing.
// It lives here rather than in lib/api because lib/api sits below the incident model.
import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { route, ZIdParams } from "@/lib/route/handler";
import type { Identity } from "@/lib/auth/identity";
import type { TIncident } from "@/lib/schemas/incident";
import { getIncident } from "./incidents";

type IncidentHandler<P> = (req: NextRequest, ctx: { params: P; incident: TIncident; identity: Identity }) => Promise<Response | unknown>;

export function incidentRoute(handler: IncidentHandler<{ id: string }>): ReturnType<typeof route>;
/** With more path segments than the id: `paramsSchema` validates them all. */
export function incidentRoute<P extends { id: string }>(handler: IncidentHandler<P>, paramsSchema: z.ZodType<P>): ReturnType<typeof route>;
export function incidentRoute<P extends { id: string }>(handler: IncidentHandler<P>, paramsSchema?: z.ZodType<P>) {
  return route<P>(
    async (req, { params, identity }) => handler(req, { params, identity, incident: await getIncident(params.id) }),
    paramsSchema ?? (ZIdParams as unknown as z.ZodType<P>),
  );
}

