import { NextResponse } from "next/server";
import { authorOf } from "@/lib/api/author";
import { readJson } from "@/lib/route/handler";
import { searchParamsObject } from "@/lib/api/query";
import { createAnnotation, listAnnotations } from "@/lib/annotations/annotations";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { ZAnnotationCreate, ZAnnotationListQuery } from "@/lib/schemas/annotation";
import { ZPageQuery } from "@/lib/schemas/page";

export const dynamic = "force-dynamic";

export const GET = incidentRoute(async (req, { incident }) =>
  listAnnotations(incident.id, ZAnnotationListQuery.parse(searchParamsObject(req)), ZPageQuery.parse(searchParamsObject(req))),
);

export const POST = incidentRoute(async (req, { incident }) => {
  const annotation = await createAnnotation(incident.id, await readJson(req, ZAnnotationCreate), authorOf(req));
  return NextResponse.json(annotation, { status: 201 });
});
