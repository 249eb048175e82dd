import { authorOf } from "@/lib/api/author";
import { readJson, route, ZIdParams } from "@/lib/api/handler";
import { getPostmortem, savePostmortem } from "@/lib/postmortem/postmortems";
import { ZPostmortemPut } from "@/lib/schemas/postmortem";

export const dynamic = "force-dynamic";

/** → `{incidentId, revision, markdown, author, at}`; revision 0 = nothing saved (the template). */
export const GET = route(async (_req, { params }) => getPostmortem(params.id), ZIdParams);

/** `{markdown, baseRevision}` → the stored revision; 409 `conflict` with `details.latest` when stale. */
export const PUT = route(async (req, { params }) => {
  const input = await readJson(req, ZPostmortemPut);
  return savePostmortem(params.id, input, authorOf(req));
}, ZIdParams);
