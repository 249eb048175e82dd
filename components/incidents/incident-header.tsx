"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useReadOnly } from "@/components/permalinks/read-only";
import { apiFetch } from "@/lib/client/api";
import type { TIncident } from "@/lib/schemas/incident";

/** Title, ticket and summary of an incident, editable in place. */
export function IncidentHeader({ initial }: { initial: TIncident }) {
  const queryClient = useQueryClient();
  const key = ["incident", initial.id];
  const { data: incident } = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<TIncident>(`/api/incidents/${initial.id}`),
    initialData: initial,
  });
  const { readOnly } = useReadOnly();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState({ title: "", ticket: "", summary: "" });
  const save = useMutation({
    mutationFn: (patch: { title: string; ticket?: string | null; summary: string }) =>
      apiFetch<TIncident>(`/api/incidents/${incident.id}`, { method: "PATCH", json: patch }),
    onSuccess: (updated) => {
      queryClient.setQueryData(key, updated);
      setEditing(false);
    },
  });

  function startEditing() {
    setDraft({ title: incident.title, ticket: incident.ticket ?? "", summary: incident.summary });
    save.reset();
    setEditing(true);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    // The ticket key is the owner's to change: send it only when it changed.
    const ticket = draft.ticket.trim() || null;
    save.mutate({ title: draft.title, summary: draft.summary, ...(ticket !== incident.ticket ? { ticket } : {}) });
  }

  if (editing) {
    return (
      <form className="card stack" onSubmit={submit} aria-label="Edit incident" onKeyDown={(e) => e.key === "Escape" && setEditing(false)}>
        <div className="row">
          <label className="field grow">
            Title
            <input name="title" autoFocus value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} required />
          </label>
          <label className="field">
            Ticket
            <input name="ticket" value={draft.ticket} onChange={(e) => setDraft({ ...draft, ticket: e.target.value })} placeholder="OPS-1234" />
          </label>
        </div>
        <label className="field">
          Summary
          <textarea name="summary" rows={3} value={draft.summary} onChange={(e) => setDraft({ ...draft, summary: e.target.value })} placeholder="What users saw, what is known so far." />
        </label>
        {save.error && <p className="error-text" role="alert">{save.error.message}</p>}
        <div className="row">
          <button type="submit" className="primary" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save"}</button>
          <button type="button" onClick={() => setEditing(false)}>Cancel</button>
        </div>
      </form>
    );
  }

  return (
    <div className="page-head">
      <div className="grow">
        <div className="row">
          <h1 data-testid="incident-title">{incident.title}</h1>
          {incident.ticket && <span className="badge mono" data-testid="incident-ticket">{incident.ticket}</span>}
        </div>
        <p className={incident.summary ? "" : "muted"} style={{ margin: "6px 0 0", whiteSpace: "pre-wrap" }} data-testid="incident-summary">
          {incident.summary || "No summary yet."}
        </p>
      </div>
      {!readOnly && <button onClick={startEditing}>Edit</button>}
    </div>
  );
}
