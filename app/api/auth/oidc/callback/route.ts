import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { route } from "@/lib/route/handler";
import { clearCredentialCookie, setSessionCookie } from "@/lib/auth/cookies";
import { decodeFlow, finishSignIn, OIDC_FLOW_COOKIE } from "@/lib/auth/oidc";
import { clientMeta, signInConfig, signInFromProvider } from "@/lib/auth/sign-in";

export const dynamic = "force-dynamic";

/** Where the provider sends the browser back: a session, then the page the user asked for. */
export const GET = route(async (req) => {
  const config = signInConfig();
  const flow = decodeFlow(req.cookies.get(OIDC_FLOW_COOKIE)?.value);
  const back = (path: string) => NextResponse.redirect(new URL(path, config.publicUrl), 302);
  let res: NextResponse;
  if (!config.oidc || !flow) {
    res = back(`/signin?error=${encodeURIComponent("The sign-in took too long or was started elsewhere; try again.")}`);
  } else {
    try {
      const claims = await finishSignIn(config.oidc, config.publicUrl, req.nextUrl, flow);
      const { token, expiresAt } = await signInFromProvider(claims, clientMeta(req.headers));
      res = back(flow.next);
      setSessionCookie(res, token, expiresAt, config.publicUrl);
    } catch (error) {
      const reason = error instanceof ApiError ? error.message : `The identity provider's answer was refused: ${(error as Error).message}`;
      if (!(error instanceof ApiError)) console.error("[auth] OIDC callback failed:", error);
      res = back(`/signin?error=${encodeURIComponent(reason)}`);
    }
  }
  clearCredentialCookie(res, OIDC_FLOW_COOKIE, "/api/auth/oidc");
  return res;
});
