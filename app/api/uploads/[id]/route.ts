import { NextResponse } from "next/server";
import { route, ZIdParams } from "@/lib/route/handler";
import { deleteUpload, getUpload } from "@/lib/uploads/uploads";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { params }) => getUpload(params.id), ZIdParams);

export const DELETE = route(async (_req, { params }) => {
  await deleteUpload(params.id);
  return new NextResponse(null, { status: 204 });
}, ZIdParams);
