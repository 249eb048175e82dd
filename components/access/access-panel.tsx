"use client";

// For an incident's owners, with sign-in on: who sees it (all members or only those invited),
// each person's role, public read-only share links, and the audit log.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/client/api";
import { formatDateTime } from "@/lib/format";

type Role = "owner" | "editor" | "viewer";
type Access = { visibility: "members" | "restricted"; members: Array<{ userId: string; email: string; name: string; role: Role }> };
type ShareLink = { id: string; createdAt: number; expiresAt: number | null; revokedAt: number | null; createdBy: string | null; url?: string };

const ROLES: Role[] = ["viewer", "editor", "owner"];
const EXPIRIES = [
  { label: "never expires", hours: undefined },
  { label: "expires in 24 h", hours: 24 },
  { label: "expires in 7 days", hours: 24 * 7 },
];

export function AccessPanel({ incidentId }: { incidentId: string }) {
  const queryClient = useQueryClient();
  const accessKey = ["access", incidentId];
  const linksKey = ["share-links", incidentId];
  const access = useQuery({ queryKey: accessKey, queryFn: () => apiFetch<Access>(`/api/incidents/${incidentId}/access`) });
  const links = useQuery({ queryKey: linksKey, queryFn: () => apiFetch<{ shareLinks: ShareLink[] }>(`/api/incidents/${incidentId}/share-links`) });
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [expiry, setExpiry] = useState(0);
  const [created, setCreated] = useState<string | null>(null);

  const onAccess = { onSuccess: (data: Access) => queryClient.setQueryData(accessKey, data) };
  const setMember = useMutation({ mutationFn: (m: { email: string; role: Role }) => apiFetch<Access>(`/api/incidents/${incidentId}/access`, { method: "POST", json: m }), ...onAccess });
  const removeMember = useMutation({ mutationFn: (userId: string) => apiFetch<Access>(`/api/incidents/${incidentId}/access/${userId}`, { method: "DELETE" }), ...onAccess });
  const setVisibility = useMutation({
    mutationFn: (visibility: Access["visibility"]) => apiFetch(`/api/incidents/${incidentId}`, { method: "PATCH", json: { visibility } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accessKey }),
  });
  const createLink = useMutation({
    mutationFn: () => apiFetch<ShareLink>(`/api/incidents/${incidentId}/share-links`, { method: "POST", json: { query: window.location.search, expiresInHours: EXPIRIES[expiry]!.hours } }),
    onSuccess: (link) => {
      setCreated(link.url ?? null);
      return queryClient.invalidateQueries({ queryKey: linksKey });
    },
  });
  const revokeLink = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/incidents/${incidentId}/share-links/${id}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: linksKey }),
  });
  const error = [setMember, removeMember, setVisibility, createLink, revokeLink].find((m) => m.error)?.error;

  function invite(event: FormEvent) {
    event.preventDefault();
    setMember.mutate({ email, role }, { onSuccess: () => setEmail("") });
  }

  const data = access.data;
  return (
    <section className="card stack" aria-label="Access">
      <div className="row">
        <h2 className="grow" style={{ margin: 0 }}>Access</h2>
        <a href={`/api/incidents/${incidentId}/audit?format=csv`} download>
          Audit log (CSV)
        </a>
      </div>
      {error && <p className="error-text" role="alert">{error.message}</p>}
      {data && (
        <>
          <label className="field">
            Who sees this incident
            <select aria-label="Visibility" value={data.visibility} onChange={(e) => setVisibility.mutate(e.target.value as Access["visibility"])}>
              <option value="members">Every member (they may edit)</option>
              <option value="restricted">Only the people below</option>
            </select>
          </label>
          <table className="dense" aria-label="People">
            <tbody>
              {data.members.map((m) => (
                <tr key={m.userId}>
                  <td title={m.email}>{m.name}</td>
                  <td>
                    <select aria-label={`Role of ${m.name}`} value={m.role} onChange={(e) => setMember.mutate({ email: m.email, role: e.target.value as Role })}>
                      {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  </td>
                  <td>
                    <button type="button" className="link" onClick={() => removeMember.mutate(m.userId)} aria-label={`Remove ${m.name}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form className="row" onSubmit={invite} aria-label="Invite">
            <input className="grow" type="email" placeholder="colleague@example.com" aria-label="Email to invite" value={email} onChange={(e) => setEmail(e.target.value)} required />
            <select aria-label="Role to give" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
            <button type="submit" disabled={setMember.isPending}>Invite</button>
          </form>
        </>
      )}
      <div className="stack">
        <div className="row">
          <select aria-label="Share link expiry" value={expiry} onChange={(e) => setExpiry(Number(e.target.value))}>
            {EXPIRIES.map((x, i) => <option key={x.label} value={i}>{x.label}</option>)}
          </select>
          <button type="button" onClick={() => createLink.mutate()} disabled={createLink.isPending}>Create read-only link</button>
        </div>
        {created && (
          <p className="muted" data-testid="new-share-link">
            Anyone with this link can read this view and its evidence, until it expires or is revoked (shown once):{" "}
            <span className="mono">{created}</span>
          </p>
        )}
        {links.data?.shareLinks.map((l) => (
          <div key={l.id} className="row muted" style={{ fontSize: 12 }}>
            <span className="grow">
              Link by {l.createdBy ?? "?"} · {formatDateTime(l.createdAt)} UTC
              {l.revokedAt ? " · revoked" : l.expiresAt ? ` · expires ${formatDateTime(l.expiresAt)} UTC` : ""}
            </span>
            {!l.revokedAt && (
              <button type="button" className="link" onClick={() => revokeLink.mutate(l.id)}>
                Revoke
              </button>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
