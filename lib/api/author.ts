// Who made a change: with sign-in, the signed-in user, never a name the browser chose; in local
// mode, the display name the browser keeps in a cookie.
import type { NextRequest } from "next/server";
import { requestAuthor } from "@/lib/request-scope";

export const AUTHOR_COOKIE = "hindsight_name";
const MAX_NAME = 80;

/** The signed-in user's name; in local mode the URI-encoded `hindsight_name` cookie, trimmed (null when absent, blank or malformed). */
export function authorOf(req: Pick<NextRequest, "cookies">): string | null {
  const signedIn = requestAuthor();
  if (signedIn !== undefined) return signedIn;
  const raw = req.cookies.get(AUTHOR_COOKIE)?.value;
  if (!raw) return null;
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return null;
  }
  // Control characters would only garble history lines; names are for display.
  name = name.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, MAX_NAME);
  return name || null;
}
