import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/auth/user-menu";
import { SessionProvider } from "@/components/identity/session-context";
import { authConfig } from "@/lib/auth/config";
import { identify } from "@/lib/auth/identity";
import type { TMe } from "@/lib/schemas/auth";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Hindsight", template: "%s · Hindsight" },
  description: "Reconstruct the timeline of a network incident from the evidence attached to tickets.",
};

async function whoIsSignedIn(): Promise<TMe> {
  const config = authConfig();
  if (config.mode === "local") return { mode: "local", user: null, provider: null };
  const identity = await identify({ headers: await headers(), cookies: await cookies() });
  return { mode: "signin", user: identity.kind === "user" ? identity.user : null, provider: config.oidc?.name ?? null };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await whoIsSignedIn();
  return (
    <html lang="en">
      <body>
        <SessionProvider value={session}>
          <header className="topbar">
            <Link href="/" className="brand">
              <span className="brand-mark" aria-hidden>
                ◷
              </span>
              Hindsight
            </Link>
            <nav>
              <Link href="/">Incidents</Link>
            </nav>
            <UserMenu />
          </header>
          <Providers>
            <main className="page">{children}</main>
          </Providers>
        </SessionProvider>
      </body>
    </html>
  );
}
