import { authorOf } from "@/lib/api/author";
import { readJson } from "@/lib/route/handler";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { getPostmortem, savePostmortem } from "@/lib/postmortem/postmortems";
import { ZPostmortemPut } from "@/lib/schemas/postmortem";

export const dynamic = "force-dynamic";

/** → `{incidentId, revision, markdown, author, at}`; revision 0 = nothing saved (the template). */
export const GET = incidentRoute(async (_req, { incident }) => getPostmortem(incident));

/** `{markdown, baseRevision}` → the stored revision; 409 `conflict` with `details.latest` when stale. */
export const PUT = incidentRoute(async (req, { incident }) => {
  const input = await readJson(req, ZPostmortemPut);
  return savePostmortem(incident, input, authorOf(req));
});
