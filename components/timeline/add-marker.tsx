"use client";

// A hand-made marker (POST /api/incidents/:id/markers), placed at a typed time.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/client/api";
import { formatInstant, zoneLabel } from "@/lib/timeline/view/format-time";
import { parseTypedTime } from "@/lib/timeline/view/typed-time";
import { Popover } from "./popover";
import { useTimeAxis } from "./time-axis";

const KINDS = ["event", "rollout", "restart", "config", "job", "note"];

export function AddMarker({ incidentId }: { incidentId: string }) {
  return (
    <Popover label="+ Add marker" className="tl-small">
      {(close) => <AddMarkerForm incidentId={incidentId} onDone={close} />}
    </Popover>
  );
}

function AddMarkerForm({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const { domain, tz } = useTimeAxis();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({ label: "", kind: "event", ts: formatInstant(Math.round((domain.from + domain.to) / 2 / 1000) * 1000, tz), end: "" });
  const [problem, setProblem] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (body: { ts: number; endTs?: number; kind: string; label: string }) => apiFetch(`/api/incidents/${incidentId}/markers`, { method: "POST", json: body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["evidence", incidentId, "markers"] });
      onDone();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const ts = parseTypedTime(draft.ts, tz);
    const endTs = draft.end.trim() ? parseTypedTime(draft.end, tz) : undefined;
    if (ts === null || endTs === null) return setProblem("Times: ISO, YYYY-MM-DD HH:MM:SS or epoch.");
    if (endTs !== undefined && endTs <= ts) return setProblem("The end must be after the start.");
    setProblem(null);
    add.mutate({ ts, ...(endTs !== undefined ? { endTs } : {}), kind: draft.kind, label: draft.label.trim() });
  }

  return (
    <form className="tl-form" onSubmit={submit} aria-label="Add marker">
      <label className="field">
        Label
        <input value={draft.label} onChange={(e) => setDraft({ ...draft, label: e.target.value })} required autoFocus placeholder="coredns rollout" />
      </label>
      <label className="field">
        Kind
        <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
          {KINDS.map((k) => <option key={k}>{k}</option>)}
        </select>
      </label>
      <label className="field">
        At ({zoneLabel(tz)})
        <input className="mono" value={draft.ts} onChange={(e) => setDraft({ ...draft, ts: e.target.value })} />
      </label>
      <label className="field">
        Until (optional, for a band)
        <input className="mono" value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value })} />
      </label>
      {(problem ?? add.error) && <p className="error-text" role="alert">{problem ?? add.error?.message}</p>}
      <button type="submit" className="primary" disabled={add.isPending}>{add.isPending ? "Adding…" : "Add marker"}</button>
    </form>
  );
}
