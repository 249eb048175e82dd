import { NextResponse } from "next/server";
import { authorOf } from "@/lib/api/author";
import { readJson, route, ZIdParams } from "@/lib/api/handler";
import { createHypothesis, listHypotheses } from "@/lib/hypotheses/hypotheses";
import { getIncident } from "@/lib/incidents/incidents";
import { ZHypothesisCreate } from "@/lib/schemas/hypothesis";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { params }) => {
  await getIncident(params.id);
  return { hypotheses: await listHypotheses(params.id) };
}, ZIdParams);

export const POST = route(async (req, { params }) => {
  await getIncident(params.id);
  const hypothesis = await createHypothesis(params.id, await readJson(req, ZHypothesisCreate), authorOf(req));
  return NextResponse.json(hypothesis, { status: 201 });
}, ZIdParams);
