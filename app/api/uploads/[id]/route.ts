import { NextResponse } from "next/server";
import { authorOf } from "@/lib/api/author";
import { readJson, route, ZIdParams } from "@/lib/route/handler";
import { setUploadClock } from "@/lib/ingest/reclock-upload";
import { ZUploadClockPatch } from "@/lib/schemas/upload";
import { deleteUpload, getUpload } from "@/lib/uploads/uploads";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { params }) => getUpload(params.id), ZIdParams);

/** A new clock offset and/or time zone: the upload is read again with them (docs/api.md). */
export const PATCH = route(async (req, { params }) => setUploadClock(params.id, await readJson(req, ZUploadClockPatch), authorOf(req)), ZIdParams);

export const DELETE = route(async (_req, { params }) => {
  await deleteUpload(params.id);
  return new NextResponse(null, { status: 204 });
}, ZIdParams);
