"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { fileState, liveUploads, sentPerFile, type FileState } from "@/lib/client/upload-batch";
import { formatBytes, formatCount, formatDateTime } from "@/lib/format";
import type { TUpload } from "@/lib/schemas/upload";
import { useReadOnly } from "@/components/permalinks/read-only";
import { ProgressBar } from "@/components/ui/progress-bar";
import { DropZone } from "./drop-zone";
import { PacketAccounting } from "./packet-accounting";
import { UploadClock, useClockProposals } from "./upload-clock";
import { UploadErrors } from "./upload-errors";
import { useFileUploads, type UploadBatch } from "./use-file-uploads";

const pct = (part: number, whole: number) => `${Math.floor((100 * part) / Math.max(whole, 1))}%`;

/** The short state word at the end of a file's line. */
function StateLabel({ s, size }: { s: FileState; size: number }) {
  switch (s.state) {
    case "sending":
      return <span className="muted">{pct(s.sent, size)}</span>;
    case "sent":
      return <span className="muted">sent</span>;
    case "waiting":
      return <span className="muted">queued</span>;
    case "ingesting": {
      const p = s.upload.progress;
      return <span className="muted">{p ? `${p.phase} · ${formatCount(p.rowsParsed)} rows` : "ingesting"}</span>;
    }
    case "ready":
      return <span className="badge badge-ok">ready</span>;
    case "duplicate":
      return <span className="badge">duplicate</span>;
    case "failed":
      return <span className="badge badge-danger">failed</span>;
    case "refused":
      return <span className="badge badge-danger">{s.named ? "unreadable" : s.stored === "nothing" ? "not stored" : "failed"}</span>;
  }
}

function FileRow({ name, size, s, announce, onDismiss, onCancel }: {
  name: string; size: number; s: FileState; announce: boolean; onDismiss?: () => void; onCancel?: () => void;
}) {
  const p = s.state === "ingesting" ? s.upload.progress : undefined;
  const bar =
    s.state === "sending" ? { value: s.sent / Math.max(size, 1), label: `Sending ${name}` }
    : s.state === "sent" ? { value: 1, label: `Sent ${name}` }
    : s.state === "waiting" ? { value: 0, label: `${name} waits for the server` }
    : s.state === "ingesting" ? { value: p && p.bytesTotal ? p.bytesRead / p.bytesTotal : null, label: `Ingesting ${name}` }
    : null;
  return (
    <li className="transfer" data-testid="transfer" data-state={s.state}>
      <div className="row">
        <span className="mono grow">{name}</span>
        <span className="muted">{formatBytes(size)}</span>
        <StateLabel s={s} size={size} />
        {onCancel && <button className="link" onClick={onCancel} aria-label={`Cancel sending ${name}`}>cancel</button>}
        {onDismiss && <button className="link" onClick={onDismiss} aria-label={`Dismiss ${name}`}>dismiss</button>}
      </div>
      {bar && <ProgressBar value={bar.value} label={bar.label} />}
      {(s.state === "ready" || s.state === "duplicate") && (
        <div className="transfer-detail" data-testid="transfer-result">
          {s.state === "duplicate" ? "Already uploaded to this incident — not counted twice." : `${s.upload.kind}: ${formatCount(s.upload.rowsParsed)} rows`}
          {s.upload.rowsRejected > 0 && <span className="error-text"> · {formatCount(s.upload.rowsRejected)} rejected</span>}
          {s.upload.gaps ? <span className="muted"> · {formatCount(s.upload.gaps)} NODATA/SKIPDATA gaps</span> : null}
          <UploadErrors errors={s.upload.errors} />
        </div>
      )}
      {s.state === "failed" && (
        <div className="transfer-detail error-text" role="alert" data-testid="transfer-error">
          {s.upload.failure ?? "The server could not ingest this file."}
          {s.upload.rowsRejected > 0 && <> · {formatCount(s.upload.rowsRejected)} rejected</>}
          <UploadErrors errors={s.upload.errors} />
        </div>
      )}
      {s.state === "refused" && (
        <div className="transfer-detail error-text" role={announce ? "alert" : undefined} data-testid="transfer-error">
          {s.message}
        </div>
      )}
    </li>
  );
}

function batchSummary(states: FileState[], b: UploadBatch): string {
  if (b.phase === "sending") return `sending ${pct(b.loaded, b.total)}`;
  const n = (...names: FileState["state"][]) => states.filter((s) => names.includes(s.state)).length;
  if (b.phase === "processing") return `server: ${n("ready", "duplicate", "failed")} of ${states.length} done`;
  if (b.outcome?.kind === "refused") return b.outcome.stored === "nothing" ? "nothing stored" : "failed";
  const parts = [[n("ready"), "ready"], [n("duplicate"), "duplicate"], [n("failed"), "failed"]] as const;
  return parts.filter(([count]) => count > 0).map(([count, word]) => `${count} ${word}`).join(" · ");
}

/** One drop: its files in the order they were sent, with a header when there are several. */
function BatchItem({ b, uploads, onDismiss, onCancel }: {
  b: UploadBatch; uploads: TUpload[]; onDismiss: (fileKey?: string) => void; onCancel: () => void;
}) {
  const sent = sentPerFile(b.loaded, b.total, b.files.map((f) => f.size));
  const live = liveUploads(b.files, uploads, b.known);
  const states = b.files.map((f, i) => fileState(f, i, b.phase, sent[i]!, live[i], b.outcome));
  const settled = b.phase === "settled";
  const rows = b.files.flatMap((f, i) =>
    b.dismissed.has(f.key) ? [] : [
      <FileRow
        key={f.key}
        name={f.filename}
        size={f.size}
        s={states[i]!}
        announce={i === 0 || states[i]!.state !== "refused"}
        onDismiss={settled ? () => onDismiss(f.key) : undefined}
        onCancel={b.files.length === 1 && b.phase === "sending" ? onCancel : undefined}
      />,
    ]);
  if (b.files.length === 1) return rows;
  const total = b.files.reduce((a, f) => a + f.size, 0);
  return (
    <li className="batch" data-testid="upload-batch" data-phase={b.phase}>
      <div className="row batch-head">
        <span className="grow">
          <strong>{b.files.length} {b.files.length === 1 ? "file" : "files"}</strong> <span className="muted">in one request · {formatBytes(total)}</span>
        </span>
        <span className="muted" aria-live="polite" data-testid="batch-summary">{batchSummary(states, b)}</span>
        {b.phase === "sending" && <button className="link" onClick={onCancel}>cancel</button>}
        {settled && <button className="link" onClick={() => onDismiss()} aria-label={`Dismiss all ${b.files.length} files`}>dismiss all</button>}
      </div>
      <ul className="transfers">{rows}</ul>
    </li>
  );
}

export function UploadPanel({ incidentId }: { incidentId: string }) {
  const queryClient = useQueryClient();
  const { readOnly } = useReadOnly();
  const { batches, uploads, listError, send, cancel, dismiss } = useFileUploads(incidentId);
  const proposals = useClockProposals(incidentId, uploads);
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/uploads/${id}`, { method: "DELETE" }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ["uploads", incidentId] });
      void queryClient.invalidateQueries({ queryKey: ["evidence", incidentId] });
    },
  });

  return (
    <section className="card stack" aria-label="Evidence files">
      <h2>Evidence</h2>
      {!readOnly && <DropZone onFiles={(files) => send(files)} />}
      {batches.length > 0 && (
        <ul className="transfers" aria-label="Uploads in progress">
          {batches.map((b) => (
            <BatchItem key={b.key} b={b} uploads={uploads} onDismiss={(fileKey) => dismiss(b.key, fileKey)} onCancel={() => cancel(b.key)} />
          ))}
        </ul>
      )}
      {listError && <div className="error-text">The list of uploaded files could not be loaded: {listError.message}</div>}
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
                  {(u.status === "queued" || u.status === "ingesting") && u.progress && (
                    <span className="muted" data-testid="upload-progress">
                      {" "}{u.progress.phase}{u.progress.bytesRead ? ` · ${formatBytes(u.progress.bytesRead)}` : ""}{u.progress.rowsParsed ? ` · ${formatCount(u.progress.rowsParsed)} rows` : ""}
                    </span>
                  )}
                  {u.url && <div className="muted mono" title="Imported from this address">{u.url}</div>}
                  {u.failure && <div className="error-text">{u.failure}</div>}
                  <PacketAccounting upload={u} />
                  <UploadClock upload={u} proposal={proposals.data?.find((p) => p.uploadId === u.id)} readOnly={readOnly} />
                </td>
                <td><span className="badge">{u.kind}</span></td>
                <td className="mono">
                  {formatCount(u.rowsParsed)}
                  {u.gaps ? <div className="muted" title="NODATA/SKIPDATA windows: coverage gaps, not rows">{formatCount(u.gaps)} gaps</div> : null}
                </td>
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
