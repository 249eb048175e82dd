"use client";

import Link from "next/link";
import { useState } from "react";
import { useSession } from "@/components/identity/session-context";

/** The signed-in user in the top bar, with sign-out; nothing in local mode. */
export function UserMenu() {
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  if (!user) return null;

  async function signOut() {
    setBusy(true);
    await fetch("/api/auth/logout", { method: "POST" }).catch(() => {});
    // A full load: every cached query belonged to the session that just ended.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    location.assign("/signin");
  }

  return (
    <div className="user-menu">
      {user.role === "admin" && <Link href="/admin">Administration</Link>}
      <span className="muted" data-testid="signed-in-user" title={user.email}>
        {user.name}
        {user.role === "admin" ? " · admin" : ""}
      </span>
      <button type="button" onClick={signOut} disabled={busy}>
        Sign out
      </button>
    </div>
  );
}
