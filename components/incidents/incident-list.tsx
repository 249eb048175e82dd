"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { apiFetch } from "@/lib/client/api";
import type { TIncident } from "@/lib/schemas/incident";
import { formatDateTime } from "@/lib/format";

/** `demoLoading`: the server is loading the demo incident (first start): the list refreshes until it is in. */
export function IncidentList({ initial, demoLoading = false }: { initial: TIncident[]; demoLoading?: boolean }) {
  const { data, error } = useQuery({
    queryKey: ["incidents"],
    queryFn: () => apiFetch<{ incidents: TIncident[] }>("/api/incidents").then((r) => r.incidents),
    initialData: initial,
    refetchInterval: (q) => (demoLoading && !q.state.data?.some((i) => i.uploadCount > 0) ? 2000 : false),
  });

  if (error) return <p className="alert">Could not load incidents: {error.message}</p>;
  if (data.length === 0 && demoLoading) {
    return (
      <div className="card empty" role="status" data-testid="demo-loading">
        <strong>Loading the demo incident…</strong>
        First start: Hindsight is generating the evidence of a real-looking incident (&ldquo;it wasn&rsquo;t DNS&rdquo;) and
        ingesting it through the upload API. It appears here in a few seconds.
      </div>
    );
  }
  if (data.length === 0) {
    return (
      <div className="card empty">
        <strong>No incidents yet</strong>
        Create one above, then attach the evidence from its ticket: flow logs, packet captures, metric exports, rollout events.
      </div>
    );
  }
  return (
    <div className="card" style={{ padding: 0 }}>
      <table className="data" aria-label="Incidents">
        <thead>
          <tr>
            <th>Incident</th>
            <th>Ticket</th>
            <th>Evidence</th>
            <th>Created (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {data.map((incident) => (
            <tr key={incident.id}>
              <td>
                <Link href={`/incidents/${incident.id}`}>{incident.title}</Link>
              </td>
              <td className="mono">{incident.ticket ?? <span className="muted">—</span>}</td>
              <td>{incident.uploadCount === 0 ? <span className="muted">none</span> : `${incident.uploadCount} ${incident.uploadCount === 1 ? "file" : "files"}`}</td>
              <td className="mono muted">{formatDateTime(incident.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
