// How people sign in. With no configuration: local mode, one user on this machine, no sign-in
// (the server then listens on loopback only). HINDSIGHT_AUTH=signin turns sign-in on: password
// accounts, and the team's OpenID Connect provider when its three settings are given.
import { z } from "zod";

const ZAuthEnv = z
  .object({
    HINDSIGHT_AUTH: z.enum(["local", "signin"]).default("local"),
    HINDSIGHT_PUBLIC_URL: z.url().optional(),
    HINDSIGHT_OIDC_ISSUER: z.url().optional(),
    HINDSIGHT_OIDC_CLIENT_ID: z.string().min(1).optional(),
    HINDSIGHT_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    HINDSIGHT_OIDC_NAME: z.string().min(1).max(60).default("your identity provider"),
    HINDSIGHT_SESSION_HOURS: z.coerce.number().min(0.01).max(24 * 90).default(12),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.HINDSIGHT_OIDC_ISSUER, env.HINDSIGHT_OIDC_CLIENT_ID, env.HINDSIGHT_OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (oidc > 0 && oidc < 3) ctx.addIssue({ code: "custom", path: ["HINDSIGHT_OIDC_ISSUER"], message: "set all three of HINDSIGHT_OIDC_ISSUER, HINDSIGHT_OIDC_CLIENT_ID and HINDSIGHT_OIDC_CLIENT_SECRET, or none" });
    if (env.HINDSIGHT_AUTH === "signin" && !env.HINDSIGHT_PUBLIC_URL) {
      ctx.addIssue({ code: "custom", path: ["HINDSIGHT_PUBLIC_URL"], message: "sign-in needs the address users reach Hindsight on (e.g. https://hindsight.example.com), for its cookies and the identity provider's redirect" });
    }
  });

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The sign-in button's label: "Sign in with …". */
  name: string;
}

export type AuthConfig =
  | { mode: "local" }
  | { mode: "signin"; publicUrl: URL; oidc: OidcSettings | null; sessionMs: number };

export function authConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const parsed = ZAuthEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith("HINDSIGHT_") && v !== "")));
  if (!parsed.success) throw new Error(`Invalid sign-in configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const e = parsed.data;
  if (e.HINDSIGHT_AUTH === "local") return { mode: "local" };
  const oidc = e.HINDSIGHT_OIDC_ISSUER && e.HINDSIGHT_OIDC_CLIENT_ID && e.HINDSIGHT_OIDC_CLIENT_SECRET
    ? { issuer: e.HINDSIGHT_OIDC_ISSUER, clientId: e.HINDSIGHT_OIDC_CLIENT_ID, clientSecret: e.HINDSIGHT_OIDC_CLIENT_SECRET, name: e.HINDSIGHT_OIDC_NAME }
    : null;
  return { mode: "signin", publicUrl: new URL(e.HINDSIGHT_PUBLIC_URL!), oidc, sessionMs: e.HINDSIGHT_SESSION_HOURS * 3_600_000 };
}
