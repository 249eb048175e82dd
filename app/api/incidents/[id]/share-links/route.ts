import { NextResponse } from "next/server";
import { readJson } from "@/lib/route/handler";
import { publicOrigin } from "@/lib/api/public-origin";
import { actorName } from "@/lib/auth/identity";
import { createShareLink, listShareLinks } from "@/lib/auth/share-links";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { ZShareLinkCreate } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";

/** Owners: the incident's public read-only links (live, expired and revoked). */
export const GET = incidentRoute(async (_req, { incident }) => ({ shareLinks: await listShareLinks(incident.id) }));

/** Owners: `POST {query?, expiresInHours?}` → 201 `{url, ...}`; the URL is shown this once. */
export const POST = incidentRoute(async (req, { incident, identity }) => {
  const input = await readJson(req, ZShareLinkCreate);
  const expiresAt = input.expiresInHours ? Date.now() + input.expiresInHours * 3_600_000 : null;
  const { token, ...link } = await createShareLink(incident.id, { query: input.query, expiresAt }, actorName(identity).actor);
  return NextResponse.json({ ...link, url: new URL(`/s/${token}`, publicOrigin(req)).toString() }, { status: 201 });
});
