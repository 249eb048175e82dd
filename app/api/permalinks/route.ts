import { NextResponse } from "next/server";
import { authorOf } from "@/lib/api/author";
import { readJson, route } from "@/lib/route/handler";
import { publicOrigin } from "@/lib/api/public-origin";
import { getIncident } from "@/lib/incidents/incidents";
import { createPermalink } from "@/lib/permalinks/permalinks";
import { ZPermalinkCreate } from "@/lib/schemas/permalink";

export const dynamic = "force-dynamic";

/** `POST {incidentId, view}` → 201 `{slug, url}`. Permalinks are immutable: no PATCH or DELETE. */
export const POST = route(async (req) => {
  const input = await readJson(req, ZPermalinkCreate);
  await getIncident(input.incidentId);
  const { slug } = await createPermalink(input, authorOf(req));
  return NextResponse.json({ slug, url: new URL(`/p/${slug}`, publicOrigin(req)).toString() }, { status: 201 });
});
