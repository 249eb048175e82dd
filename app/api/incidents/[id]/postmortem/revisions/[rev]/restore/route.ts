import { authorOf } from "@/lib/api/author";
import { readJson } from "@/lib/route/handler";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { restoreRevision } from "@/lib/postmortem/postmortems";
import { ZRestore, ZRevisionParams } from "@/lib/schemas/postmortem";

export const dynamic = "force-dynamic";

/** `POST {baseRevision?}` → a new revision with the old text (409 `conflict` when the base is stale). */
export const POST = incidentRoute(async (req, { params, incident }) => {
  const body = req.headers.get("content-length") === "0" || !req.body ? {} : await readJson(req, ZRestore);
  return restoreRevision(incident, params.rev, body.baseRevision, authorOf(req));
}, ZRevisionParams);
