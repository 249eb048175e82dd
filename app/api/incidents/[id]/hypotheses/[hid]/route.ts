import { NextResponse } from "next/server";
import { z } from "zod";
import { authorOf } from "@/lib/api/author";
import { readJson, route } from "@/lib/route/handler";
import { deleteHypothesis, getHypothesis } from "@/lib/hypotheses/hypotheses";
import { updateHypothesis } from "@/lib/hypotheses/update-hypothesis";
import { ZHypothesisUpdate } from "@/lib/schemas/hypothesis";

export const dynamic = "force-dynamic";

const ZParams = z.object({ id: z.uuid(), hid: z.uuid() });

export const GET = route(async (_req, { params }) => getHypothesis(params.id, params.hid), ZParams);

export const PATCH = route(
  async (req, { params }) => updateHypothesis(params.id, params.hid, await readJson(req, ZHypothesisUpdate), authorOf(req)),
  ZParams,
);

export const DELETE = route(async (_req, { params }) => {
  await deleteHypothesis(params.id, params.hid);
  return new NextResponse(null, { status: 204 });
}, ZParams);
