import { NextResponse } from "next/server";
import { route } from "@/lib/route/handler";
import { clearSessionCookie } from "@/lib/auth/cookies";
import { revokeSession } from "@/lib/auth/sessions";

export const dynamic = "force-dynamic";

/** Ends this browser's session (it cannot be used again, even if the cookie was copied). */
export const POST = route(async (_req, { identity }) => {
  if (identity.kind === "user") await revokeSession(identity.sessionId);
  const res = NextResponse.json({ signedOut: identity.kind === "user" });
  clearSessionCookie(res);
  return res;
});
