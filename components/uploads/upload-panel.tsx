"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { formatBytes, formatCount, formatDateTime } from "@/lib/format";
import type { TUpload } from "@/lib/schemas/upload";
import { useReadOnly } from "@/components/permalinks/read-only";
import { ProgressBar } from "@/components/ui/progress-bar";
import { DropZone } from "./drop-zone";
import { PacketAccounting } from "./packet-accounting";
import { UploadErrors } from "./upload-errors";
import { useFileUploads, type Transfer } from "./use-file-uploads";

function TransferRow({ t, live, onDismiss }: { t: Transfer; live?: TUpload; onDismiss: () => void }) {
  const p = live?.progress;
  const value = t.state === "sending" ? t.sent / Math.max(t.size, 1) : p && p.bytesTotal ? p.bytesRead / p.bytesTotal : null;
  return (
    <li className="transfer" data-testid="transfer">
      <div className="row">
        <span className="mono grow">{t.filename}</span>
        <span className="muted">{formatBytes(t.size)}</span>
        {(t.state === "done" || t.state === "error") && (
          <button className="link" onClick={onDismiss} aria-label={`Dismiss ${t.filename}`}>dismiss</button>
        )}
      </div>
      {t.state === "sending" && <ProgressBar value={value} label={`Sending ${t.filename}`} />}
      {t.state === "ingesting" && (
        <>
          <ProgressBar value={value} label={`Ingesting ${t.filename}`} />
          <div className="muted" style={{ fontSize: 12 }}>
            Ingesting… {p ? `${formatCount(p.rowsParsed)} rows` : ""}
          </div>
        </>
      )}
      {t.state === "done" && t.result && (
        <div style={{ fontSize: 12.5 }} data-testid="transfer-result">
          {t.result.duplicate ? "Already uploaded to this incident — not counted twice." : `${t.result.kind}: ${formatCount(t.result.rowsParsed)} rows`}
          {t.result.rowsRejected > 0 && <span className="error-text"> · {formatCount(t.result.rowsRejected)} rejected</span>}
          <UploadErrors errors={t.result.errors} />
        </div>
      )}
      {t.state === "error" && (
        <div className="error-text" role="alert">
          {t.error}
          {t.result && <UploadErrors errors={t.result.errors} />}
        </div>
      )}
    </li>
  );
}

export function UploadPanel({ incidentId }: { incidentId: string }) {
  const queryClient = useQueryClient();
  const { readOnly } = useReadOnly();
  const { transfers, send, dismiss } = useFileUploads(incidentId);
  const ingesting = transfers.some((t) => t.state === "ingesting");
  const { data: uploads = [] } = useQuery({
    queryKey: ["uploads", incidentId],
    queryFn: () => apiFetch<{ uploads: TUpload[] }>(`/api/incidents/${incidentId}/uploads`).then((r) => r.uploads),
    refetchInterval: ingesting ? 1000 : false,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/uploads/${id}`, { method: "DELETE" }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ["uploads", incidentId] });
      void queryClient.invalidateQueries({ queryKey: ["evidence", incidentId] });
    },
  });
  const liveFor = (t: Transfer) => uploads.find((u) => u.status === "ingesting" && u.filename === t.filename);

  return (
    <section className="card stack" aria-label="Evidence files">
      <h2>Evidence</h2>
      {!readOnly && <DropZone onFiles={(files) => send(files)} />}
      {transfers.length > 0 && (
        <ul className="transfers">
          {transfers.map((t) => (
            <TransferRow key={t.key} t={t} live={liveFor(t)} onDismiss={() => dismiss(t.key)} />
          ))}
        </ul>
      )}
      {uploads.length > 0 && (
        <table className="data" aria-label="Uploaded files">
          <thead>
            <tr>
              <th>File</th>
              <th>Kind</th>
              <th>Rows</th>
              <th>Rejected</th>
              <th>Time range (UTC)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {uploads.map((u) => (
              <tr key={u.id} data-testid="upload-row">
                <td className="mono">
                  {u.filename}
                  {u.status !== "ready" && <span className={u.status === "failed" ? "badge badge-danger" : "badge"}>{u.status}</span>}
                  {u.failure && <div className="error-text">{u.failure}</div>}
                  <PacketAccounting upload={u} />
                </td>
                <td><span className="badge">{u.kind}</span></td>
                <td className="mono">{formatCount(u.rowsParsed)}</td>
                <td className="mono">
                  {u.rowsRejected > 0 ? <span className="error-text">{formatCount(u.rowsRejected)}</span> : "0"}
                  <UploadErrors errors={u.errors} />
                </td>
                <td className="mono muted">
                  {u.timeRange.from !== null && u.timeRange.to !== null
                    ? `${formatDateTime(u.timeRange.from)} → ${formatDateTime(u.timeRange.to).slice(11)}`
                    : "—"}
                </td>
                <td>
                  <button
                    hidden={readOnly}
                    className="danger"
                    disabled={u.status === "ingesting" || remove.isPending}
                    onClick={() => confirm(`Delete ${u.filename} and everything derived from it?`) && remove.mutate(u.id)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
