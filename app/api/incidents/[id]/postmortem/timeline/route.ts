import { route, ZIdParams } from "@/lib/api/handler";
import { generateTimeline } from "@/lib/postmortem/generate-timeline";

export const dynamic = "force-dynamic";

/** → `{markdown, rows: [{at, kind, text}]}`: the table for the postmortem's timeline block. */
export const GET = route(async (_req, { params }) => generateTimeline(params.id), ZIdParams);
