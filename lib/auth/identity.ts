// Who is asking. Local mode: the one person at this machine. Sign-in mode, in this order: the
// user of a valid session cookie; an API token or the legacy ticket secret in `Authorization`;
// a browser that opened a public share link; else nobody.
import "server-only";
import { tokenOf, TOKEN_PREFIX, type TokenIdentity } from "./api-tokens";
import { authConfig } from "./config";
import { SESSION_COOKIE, sessionOf, type SessionUser } from "./sessions";
import { SHARE_COOKIE, shareLinkOf } from "./share-links";
import { carriesTicketSecret } from "./ticket-secret";

export type Identity =
  | { kind: "local" }
  | { kind: "user"; user: SessionUser; sessionId: string }
  | ({ kind: "token" } & TokenIdentity)
  | { kind: "ticket-secret" }
  | { kind: "share"; linkId: string; incidentId: string }
  | { kind: "anonymous" };

type Asking = { headers: Headers; cookies: { get(name: string): { value: string } | undefined } };

export async function identify(req: Asking): Promise<Identity> {
  if (authConfig().mode === "local") return { kind: "local" };
  const session = req.cookies.get(SESSION_COOKIE)?.value;
  const user = session ? await sessionOf(session) : null;
  if (user) return { kind: "user", ...user };
  const bearer = req.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer?.startsWith(TOKEN_PREFIX)) {
    const token = await tokenOf(bearer);
    if (token) return { kind: "token", ...token };
  }
  if (carriesTicketSecret(req.headers)) return { kind: "ticket-secret" };
  const share = req.cookies.get(SHARE_COOKIE)?.value;
  const link = share ? await shareLinkOf(share) : null;
  if (link) return { kind: "share", linkId: link.id, incidentId: link.incidentId };
  return { kind: "anonymous" };
}

/** How the audit log and the activity feed name who did something. */
export function actorName(identity: Identity): { actor: string; actorKind: Identity["kind"] } {
  switch (identity.kind) {
    case "user":
      return { actor: identity.user.email, actorKind: "user" };
    case "token":
      return { actor: `token ${identity.name}`, actorKind: "token" };
    case "share":
      return { actor: `share link ${identity.linkId}`, actorKind: "share" };
    case "ticket-secret":
      return { actor: "ticket secret", actorKind: "ticket-secret" };
    default:
      return { actor: identity.kind, actorKind: identity.kind };
  }
}
