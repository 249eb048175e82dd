// How the session cookie is set: HttpOnly (no script reads it), SameSite=Lax (other sites' forms
// and fetches do not carry it), Secure whenever users reach the app over https.
import type { NextResponse } from "next/server";
import { SESSION_COOKIE } from "./sessions";

export function setSessionCookie(res: NextResponse, token: string, expiresAt: Date, publicUrl: URL) {
  res.cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: publicUrl.protocol === "https:", path: "/", expires: expiresAt });
}

export function clearSessionCookie(res: NextResponse) {
  res.cookies.set(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 0 });
}
