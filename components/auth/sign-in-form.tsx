"use client";

import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/client/api";

type Props = { provider: string | null; next: string; error: string | null };

/** The identity provider's button first (most teams sign in there), then email and password. */
export function SignInForm({ provider, next, error }: Props) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await apiFetch("/api/auth/login", { method: "POST", json: { email, password } });
      location.assign(next);
    } catch (e) {
      setProblem((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <div className="card stack signin-card">
      <h1>Sign in to Hindsight</h1>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      {provider && (
        <a className="button primary" href={`/api/auth/oidc/start?next=${encodeURIComponent(next)}`}>
          Sign in with {provider}
        </a>
      )}
      <form className="stack" onSubmit={submit} aria-label="Sign in with a password">
        {provider && <p className="muted">or with an account of this Hindsight:</p>}
        <label className="field">
          Email
          <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label className="field">
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </div>
  );
}
