// Who made a change, until sign-in exists: the display name the browser keeps in a cookie.
import type { NextRequest } from "next/server";

export const AUTHOR_COOKIE = "hindsight_name";
const MAX_NAME = 80;

/** The URI-encoded `hindsight_name` cookie, trimmed; null when absent, blank or malformed. */
export function authorOf(req: Pick<NextRequest, "cookies">): string | null {
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
