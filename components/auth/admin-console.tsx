"use client";

// For administrators: accounts (password accounts for a team without a provider), the live
// sessions (revocable), and API tokens for automations (the token is shown once).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/client/api";
import { formatDateTime } from "@/lib/format";

type User = { id: string; email: string; name: string; role: "admin" | "member"; password: boolean; provider: boolean };
type Session = { id: string; user: { email: string; name: string }; lastSeenAt: number; expiresAt: number; ip: string | null; userAgent: string | null };
type Token = { id: string; name: string; scopes: string[]; ticketPrefix: string | null; createdAt: number; lastUsedAt: number | null; revokedAt: number | null; token?: string };

const when = (ms: number | null) => (ms ? `${formatDateTime(ms)} UTC` : "never");

export function AdminConsole() {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ["admin", "users"], queryFn: () => apiFetch<{ users: User[] }>("/api/admin/users") });
  const sessions = useQuery({ queryKey: ["admin", "sessions"], queryFn: () => apiFetch<{ sessions: Session[] }>("/api/admin/sessions") });
  const tokens = useQuery({ queryKey: ["admin", "tokens"], queryFn: () => apiFetch<{ tokens: Token[] }>("/api/tokens") });
  const refresh = (what: string) => () => queryClient.invalidateQueries({ queryKey: ["admin", what] });

  const [account, setAccount] = useState({ email: "", name: "", password: "", role: "member" as User["role"] });
  const [tokenForm, setTokenForm] = useState({ name: "", scope: "uploads:write", ticketPrefix: "" });
  const [newToken, setNewToken] = useState<string | null>(null);

  const createUser = useMutation({ mutationFn: () => apiFetch("/api/admin/users", { method: "POST", json: account }), onSuccess: () => (setAccount({ email: "", name: "", password: "", role: "member" }), refresh("users")()) });
  const revokeSession = useMutation({ mutationFn: (id: string) => apiFetch(`/api/admin/sessions/${id}`, { method: "DELETE" }), onSuccess: refresh("sessions") });
  const createToken = useMutation({
    mutationFn: () => apiFetch<Token>("/api/tokens", { method: "POST", json: { name: tokenForm.name, scopes: [tokenForm.scope], ...(tokenForm.ticketPrefix.trim() ? { ticketPrefix: tokenForm.ticketPrefix.trim() } : {}) } }),
    onSuccess: (t) => (setNewToken(t.token ?? null), refresh("tokens")()),
  });
  const revokeToken = useMutation({ mutationFn: (id: string) => apiFetch(`/api/tokens/${id}`, { method: "DELETE" }), onSuccess: refresh("tokens") });
  const error = [createUser, revokeSession, createToken, revokeToken].find((m) => m.error)?.error;

  const submitUser = (e: FormEvent) => (e.preventDefault(), createUser.mutate());
  const submitToken = (e: FormEvent) => (e.preventDefault(), createToken.mutate());

  return (
    <div className="stack">
      <h1>Administration</h1>
      {error && <p className="error-text" role="alert">{error.message}</p>}
      <section className="card stack" aria-label="Accounts">
        <h2>Accounts</h2>
        <table className="dense">
          <tbody>
            {users.data?.users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td className="mono">{u.email}</td>
                <td>{u.role}</td>
                <td className="muted">{[u.provider && "identity provider", u.password && "password"].filter(Boolean).join(", ") || "not signed in yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="row" onSubmit={submitUser} aria-label="New password account">
          <input aria-label="Name" placeholder="Name" value={account.name} onChange={(e) => setAccount({ ...account, name: e.target.value })} required />
          <input className="grow" aria-label="Email" type="email" placeholder="email" value={account.email} onChange={(e) => setAccount({ ...account, email: e.target.value })} required />
          <input aria-label="Password" type="password" placeholder="password (10+ characters)" minLength={10} value={account.password} onChange={(e) => setAccount({ ...account, password: e.target.value })} required />
          <select aria-label="Instance role" value={account.role} onChange={(e) => setAccount({ ...account, role: e.target.value as User["role"] })}>
            <option value="member">member</option>
            <option value="admin">admin</option>
          </select>
          <button type="submit" disabled={createUser.isPending}>Create account</button>
        </form>
      </section>
      <section className="card stack" aria-label="Sessions">
        <h2>Signed-in sessions</h2>
        <table className="dense">
          <tbody>
            {sessions.data?.sessions.map((s) => (
              <tr key={s.id}>
                <td>{s.user.name}</td>
                <td className="muted">last seen {when(s.lastSeenAt)} · expires {when(s.expiresAt)}</td>
                <td className="mono">{s.ip ?? ""}</td>
                <td>
                  <button type="button" className="link" onClick={() => revokeSession.mutate(s.id)}>Revoke</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card stack" aria-label="API tokens">
        <h2>API tokens</h2>
        <table className="dense">
          <tbody>
            {tokens.data?.tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td className="mono">{t.scopes.join(" ")}{t.ticketPrefix ? ` (tickets ${t.ticketPrefix}…)` : ""}</td>
                <td className="muted">{t.revokedAt ? `revoked ${when(t.revokedAt)}` : `last used ${when(t.lastUsedAt)}`}</td>
                <td>{!t.revokedAt && <button type="button" className="link" onClick={() => revokeToken.mutate(t.id)}>Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="row" onSubmit={submitToken} aria-label="New API token">
          <input className="grow" aria-label="Token name" placeholder="what uses it, e.g. jira automation" value={tokenForm.name} onChange={(e) => setTokenForm({ ...tokenForm, name: e.target.value })} required />
          <select aria-label="Scope" value={tokenForm.scope} onChange={(e) => setTokenForm({ ...tokenForm, scope: e.target.value })}>
            <option value="uploads:write">uploads:write (ticket uploads)</option>
            <option value="read">read (every incident)</option>
          </select>
          <input aria-label="Ticket prefix" placeholder="ticket prefix, e.g. OPS-" value={tokenForm.ticketPrefix} onChange={(e) => setTokenForm({ ...tokenForm, ticketPrefix: e.target.value })} />
          <button type="submit" disabled={createToken.isPending}>Create token</button>
        </form>
        {newToken && (
          <p data-testid="new-token">
            Copy it now; it is not shown again: <span className="mono">{newToken}</span>
          </p>
        )}
      </section>
    </div>
  );
}
