"use client";

// An upload's clock on its row: the offset and zone it was read with, an offset proposed from
// another source (Accept = PATCH the upload), and a way to type one in.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { formatOffset, ZClockProposals, type TClockProposal } from "@/lib/schemas/clock";
import type { TUpload } from "@/lib/schemas/upload";

/** Proposals are computed on request (a capture is read again): asked for once per upload list. */
export function useClockProposals(incidentId: string, uploads: TUpload[]) {
  const ready = uploads.filter((u) => u.status === "ready");
  const key = ready.map((u) => `${u.id}:${u.clockOffsetMs}`).join(",");
  const worthAsking = ready.some((u) => ["pcap", "pcapng", "tcpdump-text", "tshark-fields"].includes(u.kind)) && ready.some((u) => /flow/.test(u.kind));
  return useQuery({
    queryKey: ["clock-proposals", incidentId, key],
    queryFn: async () => ZClockProposals.parse(await apiFetch(`/api/incidents/${incidentId}/clock-proposals`)).proposals,
    enabled: worthAsking,
    staleTime: Infinity,
  });
}

export function UploadClock({ upload, proposal, readOnly }: { upload: TUpload; proposal: TClockProposal | undefined; readOnly: boolean }) {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (json: { clockOffsetMs?: number; timeZone?: string | null }) => apiFetch<TUpload>(`/api/uploads/${upload.id}`, { method: "PATCH", json }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ["uploads", upload.incidentId] });
      // Series answers are keyed under ["evidence", incidentId]: every panel redraws.
      void queryClient.invalidateQueries({ queryKey: ["evidence", upload.incidentId] });
    },
  });
  const edit = () => {
    const offset = prompt(`Clock offset of ${upload.filename} in ms (added to every time; e.g. -3200)`, String(upload.clockOffsetMs));
    if (offset === null) return;
    const zone = prompt("Time zone of its timestamps written without one (IANA, e.g. America/New_York; empty for UTC)", upload.timeZone ?? "");
    if (zone === null) return;
    change.mutate({ clockOffsetMs: Number(offset.trim()), timeZone: zone.trim() || null });
  };
  const shifted = upload.clockOffsetMs !== 0 || upload.timeZone !== null;
  return (
    <div className="muted" data-testid="upload-clock">
      {upload.clockOffsetMs !== 0 && <span className="badge" title="Added to every time of this file">clock {formatOffset(upload.clockOffsetMs)}</span>}
      {upload.timeZone && <span className="badge" title="Zone its timestamps without an offset were read in">{upload.timeZone}</span>}
      {proposal && !readOnly && (
        <button className="link" title={proposal.explanation} disabled={change.isPending} onClick={() => change.mutate({ clockOffsetMs: proposal.proposedOffsetMs })}>
          Accept clock {formatOffset(proposal.shiftMs)}
        </button>
      )}
      {!readOnly && upload.status === "ready" && (
        <button className="link" disabled={change.isPending} onClick={edit}>{shifted ? "change clock" : "set clock"}</button>
      )}
      {change.isPending && " re-reading…"}
      {change.error && <span className="error-text"> {change.error.message}</span>}
    </div>
  );
}
