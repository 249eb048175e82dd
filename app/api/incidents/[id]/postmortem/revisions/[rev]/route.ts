import { route } from "@/lib/api/handler";
import { getRevision } from "@/lib/postmortem/postmortems";
import { ZRevisionParams } from "@/lib/schemas/postmortem";

export const dynamic = "force-dynamic";

/** → `{revision, markdown, author, at}`. */
export const GET = route(async (_req, { params }) => getRevision(params.id, params.rev), ZRevisionParams);
