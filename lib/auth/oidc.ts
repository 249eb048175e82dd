// Sign-in through the team's OpenID Connect provider (Okta, Google, Entra ID, Keycloak, Dex,
// GitLab…): the authorization code flow with PKCE, state and nonce, by openid-client. The
// provider's metadata is discovered once per process.
import "server-only";
import * as oidc from "openid-client";
import { isLoopbackHost } from "@/lib/loopback";
import type { OidcSettings } from "./config";

export const OIDC_FLOW_COOKIE = "hindsight_oidc";
export const CALLBACK_PATH = "/api/auth/oidc/callback";

const discovered = new Map<string, Promise<oidc.Configuration>>();

function configuration(settings: OidcSettings): Promise<oidc.Configuration> {
  const key = `${settings.issuer}\n${settings.clientId}`;
  let config = discovered.get(key);
  if (!config) {
    const issuer = new URL(settings.issuer);
    // Plain http only for a provider on this machine (a test or development IdP).
    const insecure = issuer.protocol === "http:" && isLoopbackHost(issuer.host);
    // client_secret_basic: the method every provider must support (RFC 6749 §2.3.1).
    config = oidc.discovery(issuer, settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), insecure ? { execute: [oidc.allowInsecureRequests] } : undefined);
    config.catch(() => discovered.delete(key)); // a provider that was down is asked again next time
    discovered.set(key, config);
  }
  return config;
}

/** What the browser keeps (HttpOnly, ten minutes) between leaving for the provider and coming back. */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

export async function beginSignIn(settings: OidcSettings, publicUrl: URL, next: string): Promise<{ redirect: URL; flow: OidcFlow }> {
  const config = await configuration(settings);
  const flow: OidcFlow = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), next };
  const redirect = oidc.buildAuthorizationUrl(config, {
    redirect_uri: new URL(CALLBACK_PATH, publicUrl).toString(),
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  });
  return { redirect, flow };
}

/** Checks the provider's answer against the flow and returns who signed in. */
export async function finishSignIn(settings: OidcSettings, publicUrl: URL, callbackUrl: URL, flow: OidcFlow) {
  const config = await configuration(settings);
  // The provider redirected to the public address; the request may have reached us by another.
  const current = new URL(`${CALLBACK_PATH}${callbackUrl.search}`, publicUrl);
  const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
  let claims: Record<string, unknown> & { iss: string; sub: string } = tokens.claims()!;
  // Many providers put email and name only in the UserInfo answer, not in the ID token.
  if (typeof claims.email !== "string") claims = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)) };
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email: typeof claims.email === "string" ? claims.email : undefined,
    emailVerified: claims.email_verified === true,
    name: typeof claims.name === "string" ? claims.name : undefined,
  };
}

export const encodeFlow = (flow: OidcFlow) => Buffer.from(JSON.stringify(flow)).toString("base64url");

export function decodeFlow(value: string | undefined): OidcFlow | null {
  if (!value) return null;
  try {
    const flow = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    return typeof flow?.state === "string" && typeof flow.nonce === "string" && typeof flow.verifier === "string" && typeof flow.next === "string" ? flow : null;
  } catch {
    return null;
  }
}
