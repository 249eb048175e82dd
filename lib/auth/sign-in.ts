// The two ways in, each ending with a session: a password, or the identity provider's answer.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { authConfig } from "./config";
import { clearLoginAttempts, countLoginAttempt } from "./login-limiter";
import { startSession, type SessionUser } from "./sessions";
import { passwordUser, providerUser } from "./users";

type Meta = { ip: string; userAgent: string | null };

export function signInConfig() {
  const config = authConfig();
  if (config.mode !== "signin") throw new ApiError("bad_request", "Sign-in is off: this Hindsight runs in local mode (HINDSIGHT_AUTH=signin turns it on).");
  return config;
}

export async function signInWithPassword(email: string, password: string, meta: Meta): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
  const config = signInConfig();
  await countLoginAttempt(email, meta.ip);
  const user = await passwordUser(email, password);
  if (!user) throw new ApiError("unauthorized", "Wrong email or password.");
  await clearLoginAttempts(email);
  return { user, ...(await startSession(user.id, config.sessionMs, meta)) };
}

export async function signInFromProvider(claims: Parameters<typeof providerUser>[0], meta: Meta) {
  const config = signInConfig();
  const user = await providerUser(claims);
  if (!user) throw new ApiError("unauthorized", `The identity provider vouched for ${claims.email ?? claims.subject}, but that email belongs to another account here, or is not verified.`);
  return { user, ...(await startSession(user.id, config.sessionMs, meta)) };
}

/** The address a request came from, for rate limits and the session list. */
export const clientMeta = (headers: Headers): Meta => ({
  ip: headers.get("x-forwarded-for")?.split(",")[0]!.trim() || headers.get("x-real-ip") || "local",
  userAgent: headers.get("user-agent"),
});
