import { NextResponse } from "next/server";
import { readJson, route } from "@/lib/route/handler";
import { setSessionCookie } from "@/lib/auth/cookies";
import { clientMeta, signInConfig, signInWithPassword } from "@/lib/auth/sign-in";
import { ZLogin } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";

/** `POST {email, password}` → 200 `{user}` with the session cookie; 401 wrong; 429 too many tries. */
export const POST = route(async (req) => {
  const { publicUrl } = signInConfig();
  const { email, password } = await readJson(req, ZLogin);
  const { user, token, expiresAt } = await signInWithPassword(email, password, clientMeta(req.headers));
  const res = NextResponse.json({ user });
  setSessionCookie(res, token, expiresAt, publicUrl);
  return res;
});
