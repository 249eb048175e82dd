"use client";

// What the detectors found on this incident, most severe first: accept, dismiss, or show one on
// the timeline (the page decides what "show" does). Refreshes quickly while detectors run.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLive } from "@/components/live/live-status";
import { apiFetch } from "@/lib/client/api";
import { formatDateTime } from "@/lib/format";
import type { TFinding, TFindingsResponse } from "@/lib/schemas/finding";
import { FindingItem } from "./finding-item";

/** Prefix of every findings query of an incident: invalidate it after uploads or deletes. */
export const findingsQueryKey = (incidentId: string) => ["findings", incidentId] as const;

/** The incident's findings (shared by the summary and the list). */
export function useFindings(incidentId: string, showDismissed = false) {
  const live = useLive(incidentId);
  return useQuery({
    queryKey: [...findingsQueryKey(incidentId), { showDismissed }],
    queryFn: () => apiFetch<TFindingsResponse>(`/api/incidents/${incidentId}/findings${showDismissed ? "?includeDismissed=1" : ""}`),
    // While detectors run, their progress is polled; otherwise a finished run arrives as an event.
    refetchInterval: (q) => (q.state.data?.status === "running" ? 1500 : live ? false : 15_000),
  });
}

export function FindingsList({ incidentId, onShow }: { incidentId: string; onShow?: (finding: TFinding) => void }) {
  const queryClient = useQueryClient();
  const [showDismissed, setShowDismissed] = useState(false);
  const { data, error, isPending } = useFindings(incidentId, showDismissed);
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: "accept" | "dismiss" }) =>
      apiFetch<TFinding>(`/api/incidents/${incidentId}/findings/${id}/${action}`, { method: "POST" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: findingsQueryKey(incidentId) }),
  });

  if (error) return <p className="alert">Could not load findings: {error.message}</p>;
  const running = data?.status === "running";
  const findings = data?.findings ?? [];
  return (
    <section className="stack" aria-label="Findings" aria-busy={running || isPending}>
      <div className="row">
        <h2 className="grow" style={{ margin: 0 }}>Findings</h2>
        <span className="muted" style={{ fontSize: 12.5 }} role="status">
          {running
            ? `Checking the evidence…${data?.progress?.total ? ` ${data.progress.done}/${data.progress.total} detectors` : ""}`
            : data?.lastRunAt
              ? `Checked ${formatDateTime(data.lastRunAt)} UTC`
              : ""}
        </span>
        <label className="muted" style={{ fontSize: 12.5, display: "inline-flex", gap: 4, alignItems: "center" }}>
          <input type="checkbox" checked={showDismissed} onChange={(e) => setShowDismissed(e.target.checked)} /> show dismissed
        </label>
      </div>
      {data?.error && <p className="error-text">Some detectors failed: {data.error}</p>}
      {act.error && <p className="error-text" role="alert">{act.error.message}</p>}
      {!isPending && findings.length === 0 && (
        <p className="muted" style={{ margin: 0 }}>{running ? "Nothing yet." : "Nothing stands out in the evidence so far."}</p>
      )}
      <ul className="stack" style={{ listStyle: "none", margin: 0, padding: 0, gap: 8 }}>
        {findings.map((f) => (
          <FindingItem
            key={f.id}
            incidentId={incidentId}
            finding={f}
            busy={act.isPending && act.variables?.id === f.id}
            onShow={onShow}
            onAccept={() => act.mutate({ id: f.id, action: "accept" })}
            onDismiss={() => act.mutate({ id: f.id, action: "dismiss" })}
          />
        ))}
      </ul>
    </section>
  );
}
