// Pages read the database while they render, so each one asks for a signed-in user first (the
// API's handler wrapper does the same for every route): with sign-in on, nobody else gets past
// the sign-in page.
import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { identify, type Identity } from "./identity";

export async function requirePageUser(path: string): Promise<Identity> {
  const identity = await identify({ headers: await headers(), cookies: await cookies() });
  if (identity.kind === "local" || identity.kind === "user") return identity;
  redirect(`/signin?next=${encodeURIComponent(path)}`);
}
