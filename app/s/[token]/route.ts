import { NextResponse } from "next/server";
import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { route } from "@/lib/route/handler";
import { publicOrigin } from "@/lib/api/public-origin";
import { setCredentialCookie } from "@/lib/auth/cookies";
import { SHARE_COOKIE, shareLinkOf } from "@/lib/auth/share-links";

export const dynamic = "force-dynamic";

/** Opens a public share link: this browser may then read that incident (only), and lands on its view. */
export const GET = route(async (req, { params }) => {
  const link = await shareLinkOf(params.token);
  if (!link) throw notFound("Share link", "(this one has expired, was revoked, or never existed)");
  const origin = publicOrigin(req);
  const res = NextResponse.redirect(new URL(`/incidents/${link.incidentId}${link.query ? `?${link.query}` : ""}`, origin), 302);
  setCredentialCookie(res, SHARE_COOKIE, params.token, origin);
  return res;
}, z.object({ token: z.string().min(20).max(100) }));
