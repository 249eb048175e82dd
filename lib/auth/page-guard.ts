// Pages read the database while they render, so each one asks the same question as the API's
// handler wrapper first: with sign-in on, nobody without a session (or, for its one incident, a
// share link) gets past the sign-in page.
import "server-only";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { incidentAccess, type Level } from "./access";
import { identify, type Identity } from "./identity";

const toSignIn = (path: string): never => redirect(`/signin?next=${encodeURIComponent(path)}`);

/** For pages that are not about one incident (the list): a signed-in user, or local mode. */
export async function requirePageUser(path: string): Promise<Identity> {
  const identity = await identify({ headers: await headers(), cookies: await cookies() });
  if (identity.kind === "local" || identity.kind === "user") return identity;
  return toSignIn(path);
}

/** For an incident's pages: the caller's level on it; a restricted incident they are not invited to is a 404. */
export async function requireIncidentPage(path: string, incidentId: string): Promise<{ identity: Identity; level: Level }> {
  const identity = await identify({ headers: await headers(), cookies: await cookies() });
  if (identity.kind !== "local" && identity.kind !== "user" && identity.kind !== "share") return toSignIn(path);
  const level = await incidentAccess(identity, incidentId);
  if (level === null) notFound();
  if (level === "none") return identity.kind === "share" ? toSignIn(path) : notFound();
  return { identity, level };
}
