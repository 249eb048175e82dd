import { route } from "@/lib/route/handler";
import { authConfig } from "@/lib/auth/config";
import type { TMe } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";

/** Who is signed in, and how one signs in here. */
export const GET = route(async (_req, { identity }): Promise<TMe> => {
  const config = authConfig();
  return {
    mode: config.mode,
    user: identity.kind === "user" ? identity.user : null,
    provider: config.mode === "signin" ? (config.oidc?.name ?? null) : null,
  };
});
