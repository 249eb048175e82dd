import { NextResponse } from "next/server";
import { readJson, route } from "@/lib/route/handler";
import { signInConfig } from "@/lib/auth/sign-in";
import { listUsers, saveUser } from "@/lib/auth/users";
import { ZUserCreate } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";

/** The people who can sign in (administrators only). */
export const GET = route(async () => ({ users: await listUsers() }));

/** `POST {email, name, role?, password?}` → 201: an account (a password for a team without an identity provider). */
export const POST = route(async (req) => {
  signInConfig();
  const input = await readJson(req, ZUserCreate);
  return NextResponse.json(await saveUser(input), { status: 201 });
});
