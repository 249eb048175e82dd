// How Hindsight's credential cookies are set (the session, the sign-in flow, a share link):
// HttpOnly (no script reads them), SameSite=Lax (other sites' forms and fetches do not carry
// them), Secure whenever users reach the app over https.
import type { NextResponse } from "next/server";
import { SESSION_COOKIE } from "./sessions";

type Lifetime = { expires: Date } | { maxAge: number } | Record<string, never>;

export function setCredentialCookie(res: NextResponse, name: string, value: string, origin: string | URL, where: { path?: string } & Lifetime = {}) {
  const secure = new URL(origin).protocol === "https:";
  res.cookies.set(name, value, { httpOnly: true, sameSite: "lax", secure, path: "/", ...where });
}

export function clearCredentialCookie(res: NextResponse, name: string, path = "/") {
  res.cookies.set(name, "", { httpOnly: true, sameSite: "lax", path, maxAge: 0 });
}

export const setSessionCookie = (res: NextResponse, token: string, expiresAt: Date, publicUrl: URL) => setCredentialCookie(res, SESSION_COOKIE, token, publicUrl, { expires: expiresAt });

export const clearSessionCookie = (res: NextResponse) => clearCredentialCookie(res, SESSION_COOKIE);
