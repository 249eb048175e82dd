import { route, ZIdParams } from "@/lib/api/handler";
import { listRevisions } from "@/lib/postmortem/postmortems";

export const dynamic = "force-dynamic";

/** → `{revisions: [{revision, author, at, chars}]}`, newest first. */
export const GET = route(async (_req, { params }) => ({ revisions: await listRevisions(params.id) }), ZIdParams);
