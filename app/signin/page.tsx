import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { authConfig } from "@/lib/auth/config";
import { identify } from "@/lib/auth/identity";
import { ZNextPath } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const next = ZNextPath.parse(typeof query.next === "string" ? query.next : "/");
  const config = authConfig();
  if (config.mode === "local") redirect(next);
  const identity = await identify({ headers: await headers(), cookies: await cookies() });
  if (identity.kind === "user") redirect(next);
  const error = typeof query.error === "string" ? query.error.slice(0, 500) : null;
  return <SignInForm provider={config.oidc?.name ?? null} next={next} error={error} />;
}
