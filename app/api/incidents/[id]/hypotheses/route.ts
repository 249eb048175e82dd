import { NextResponse } from "next/server";
import { authorOf } from "@/lib/api/author";
import { readJson } from "@/lib/route/handler";
import { createHypothesis, listHypotheses } from "@/lib/hypotheses/hypotheses";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { ZHypothesisCreate } from "@/lib/schemas/hypothesis";
import { searchParamsObject } from "@/lib/api/query";
import { ZPageQuery } from "@/lib/schemas/page";

export const dynamic = "force-dynamic";

export const GET = incidentRoute(async (req, { incident }) => listHypotheses(incident.id, ZPageQuery.parse(searchParamsObject(req))));

export const POST = incidentRoute(async (req, { incident }) => {
  const hypothesis = await createHypothesis(incident.id, await readJson(req, ZHypothesisCreate), authorOf(req));
  return NextResponse.json(hypothesis, { status: 201 });
});
