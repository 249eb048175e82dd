// The display name shown as the author of hypotheses and annotations, until sign-in exists.
// Kept in a cookie (URI-encoded) so that the server reads it from every request (lib/api/author.ts).
export const DISPLAY_NAME_COOKIE = "hindsight_name";
export const MAX_DISPLAY_NAME = 80;
const ONE_YEAR_S = 365 * 24 * 3600;
const SKIPPED_KEY = "hindsight_name_skipped";

const listeners = new Set<() => void>();

/** For `useSyncExternalStore`: called back whenever this tab stores a new name. */
export function subscribeDisplayName(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The name from `document.cookie`, or null (also on the server, where there is no document). */
export function readDisplayName(): string | null {
  if (typeof document === "undefined") return null;
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== DISPLAY_NAME_COOKIE) continue;
    try {
      return decodeURIComponent(rest.join("=")).trim() || null;
    } catch {
      return null;
    }
  }
  return null;
}

/** Stores the name for a year; a blank name removes it. Returns what was stored. */
export function writeDisplayName(name: string): string | null {
  const clean = name.trim().slice(0, MAX_DISPLAY_NAME);
  const secure = location.protocol === "https:" ? "; Secure" : "";
  const value = clean ? `${encodeURIComponent(clean)}; Max-Age=${ONE_YEAR_S}` : "; Max-Age=0";
  document.cookie = `${DISPLAY_NAME_COOKIE}=${value}; Path=/; SameSite=Lax${secure}`;
  for (const listener of listeners) listener();
  return clean || null;
}

/** Whether the person chose to stay anonymous in this browser session (so we ask only once). */
export const nameSkipped = () => typeof sessionStorage !== "undefined" && sessionStorage.getItem(SKIPPED_KEY) === "1";
export const skipName = () => sessionStorage.setItem(SKIPPED_KEY, "1");
