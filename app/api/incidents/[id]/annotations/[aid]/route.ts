import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/route/handler";
import { deleteAnnotation, updateAnnotation } from "@/lib/annotations/annotations";
import { ZAnnotationUpdate } from "@/lib/schemas/annotation";

export const dynamic = "force-dynamic";

const ZParams = z.object({ id: z.uuid(), aid: z.uuid() });

export const PATCH = route(
  async (req, { params }) => updateAnnotation(params.id, params.aid, await readJson(req, ZAnnotationUpdate)),
  ZParams,
);

export const DELETE = route(async (_req, { params }) => {
  await deleteAnnotation(params.id, params.aid);
  return new NextResponse(null, { status: 204 });
}, ZParams);
