import { NextResponse } from "next/server";
import { authorOf } from "@/lib/api/author";
import { readJson, route, ZIdParams } from "@/lib/api/handler";
import { searchParamsObject } from "@/lib/api/query";
import { createAnnotation, listAnnotations } from "@/lib/annotations/annotations";
import { getIncident } from "@/lib/incidents/incidents";
import { ZAnnotationCreate, ZAnnotationListQuery } from "@/lib/schemas/annotation";

export const dynamic = "force-dynamic";

export const GET = route(async (req, { params }) => {
  await getIncident(params.id);
  return { annotations: await listAnnotations(params.id, ZAnnotationListQuery.parse(searchParamsObject(req))) };
}, ZIdParams);

export const POST = route(async (req, { params }) => {
  await getIncident(params.id);
  const annotation = await createAnnotation(params.id, await readJson(req, ZAnnotationCreate), authorOf(req));
  return NextResponse.json(annotation, { status: 201 });
}, ZIdParams);
