import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/route/handler";
import { deleteMarker } from "@/lib/markers/markers";

export const dynamic = "force-dynamic";

export const DELETE = route(async (_req, { params }) => {
  await deleteMarker(params.id, params.markerId);
  return new NextResponse(null, { status: 204 });
}, z.object({ id: z.uuid(), markerId: z.uuid() }));
