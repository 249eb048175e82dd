import { NextResponse } from "next/server";
import { readJson, route } from "@/lib/route/handler";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { actorName } from "@/lib/auth/identity";
import { ZTokenCreate } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";

/** Administrators: every API token, with its scopes and last use (never the token itself). */
export const GET = route(async () => ({ tokens: await listApiTokens() }));

/** Administrators: `POST {name, scopes, ticketPrefix?}` → 201 with `token`, shown this once. */
export const POST = route(async (req, { identity }) => {
  const input = await readJson(req, ZTokenCreate);
  return NextResponse.json(await createApiToken(input, actorName(identity).actor), { status: 201 });
});
