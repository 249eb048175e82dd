import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { route } from "@/lib/route/handler";
import { setCredentialCookie } from "@/lib/auth/cookies";
import { beginSignIn, encodeFlow, OIDC_FLOW_COOKIE } from "@/lib/auth/oidc";
import { signInConfig } from "@/lib/auth/sign-in";
import { ZNextPath } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";

/** `GET ?next=/path` → 302 to the identity provider. */
export const GET = route(async (req) => {
  const config = signInConfig();
  if (!config.oidc) throw new ApiError("bad_request", "No identity provider is configured (HINDSIGHT_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET).");
  const next = ZNextPath.parse(req.nextUrl.searchParams.get("next") ?? "/");
  const { redirect, flow } = await beginSignIn(config.oidc, config.publicUrl, next);
  const res = NextResponse.redirect(redirect, 302);
  setCredentialCookie(res, OIDC_FLOW_COOKIE, encodeFlow(flow), config.publicUrl, { path: "/api/auth/oidc", maxAge: 600 });
  return res;
});
