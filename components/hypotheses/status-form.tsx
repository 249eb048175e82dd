"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { HYPOTHESIS_STATUSES, type THypothesis, type THypothesisStatus } from "@/lib/schemas/hypothesis";
import { changeStatus } from "./api";
import { useFormSubmit } from "./use-form-submit";
import { STATUS_LABEL, submitOnModEnter } from "./format";

type Props = { hypothesis: THypothesis; ensureName: () => Promise<string | null>; onClose: () => void };

/** A status change always needs a reason: it is what the postmortem will quote. */
export function StatusForm({ hypothesis: h, ensureName, onClose }: Props) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<THypothesisStatus>(h.status === "open" ? "supported" : h.status);
  const [reason, setReason] = useState("");
  const { busy, error, submit: run } = useFormSubmit();

  const submit = (event: FormEvent) =>
    run(event, reason.trim() !== "", async () => {
      await ensureName();
      await changeStatus(qc, h, status, reason.trim());
      onClose();
    });

  return (
    <form className="hy-form hy-status-form" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && onClose()} aria-label="Change status">
      <div className="hy-seg" role="radiogroup" aria-label="New status">
        {HYPOTHESIS_STATUSES.map((s) => (
          <label key={s} className={`hy-seg-item hy-status-${s}${status === s ? " on" : ""}`}>
            <input type="radio" name={`status-${h.id}`} value={s} checked={status === s} onChange={() => setStatus(s)} />
            {STATUS_LABEL[s]}
          </label>
        ))}
      </div>
      <textarea
        autoFocus
        required
        rows={2}
        aria-label="Reason"
        placeholder="Why? e.g. 130k SYNs to deleted pod IPs in 90 s, matching every rollout"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={submitOnModEnter}
      />
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="hy-actions">
        <button type="submit" className="primary hy-btn" disabled={!reason.trim() || busy}>{busy ? "Saving…" : "Set status"}</button>
        <button type="button" className="hy-btn" onClick={onClose}>Cancel</button>
      </div>
    </form>
  );
}
