import { NextResponse } from "next/server";
import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { route } from "@/lib/route/handler";
import { publicOrigin } from "@/lib/api/public-origin";
import { SHARE_COOKIE, shareLinkOf } from "@/lib/auth/share-links";

export const dynamic = "force-dynamic";

/** Opens a public share link: this browser may then read that incident (only), and lands on its view. */
export const GET = route(async (req, { params }) => {
  const link = await shareLinkOf(params.token);
  if (!link) throw notFound("Share link", "(this one has expired, was revoked, or never existed)");
  const res = NextResponse.redirect(new URL(`/incidents/${link.incidentId}${link.query ? `?${link.query}` : ""}`, publicOrigin(req)), 302);
  res.cookies.set(SHARE_COOKIE, params.token, { httpOnly: true, sameSite: "lax", secure: publicOrigin(req).startsWith("https:"), path: "/" });
  return res;
}, z.object({ token: z.string().min(20).max(100) }));
