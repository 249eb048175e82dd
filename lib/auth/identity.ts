// Who is asking. Local mode: the one person at this machine. Sign-in mode: the user of a valid
// session cookie, else an automation carrying the ticket secret, else nobody.
import "server-only";
import { authConfig } from "./config";
import { SESSION_COOKIE, sessionOf, type SessionUser } from "./sessions";
import { carriesTicketSecret } from "./ticket-secret";

export type Identity =
  | { kind: "local" }
  | { kind: "user"; user: SessionUser; sessionId: string }
  | { kind: "ticket-secret" }
  | { kind: "anonymous" };

type Asking = { headers: Headers; cookies: { get(name: string): { value: string } | undefined } };

export async function identify(req: Asking): Promise<Identity> {
  if (authConfig().mode === "local") return { kind: "local" };
  const token = req.cookies.get(SESSION_COOKIE)?.value;
  const session = token ? await sessionOf(token) : null;
  if (session) return { kind: "user", ...session };
  if (carriesTicketSecret(req.headers)) return { kind: "ticket-secret" };
  return { kind: "anonymous" };
}
