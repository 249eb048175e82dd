"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { THypothesis } from "@/lib/schemas/hypothesis";
import { conflictCurrent, editHypothesis } from "./api";
import { useFormSubmit } from "./use-form-submit";
import { submitOnModEnter } from "./format";

type Props = { hypothesis: THypothesis; ensureName: () => Promise<string | null>; onClose: () => void };

/**
 * Edits title and description against the version it was opened on. If someone else changed
 * them meanwhile, their version is shown and the draft kept; saving again overwrites theirs.
 */
export function HypothesisEditor({ hypothesis, ensureName, onClose }: Props) {
  const qc = useQueryClient();
  const [seen, setSeen] = useState(hypothesis);
  const [title, setTitle] = useState(hypothesis.title);
  const [description, setDescription] = useState(hypothesis.description);
  const [theirs, setTheirs] = useState<THypothesis | null>(null);
  // A conflict shows their version beside this form instead of an error line.
  const { busy, error, submit: run } = useFormSubmit((e) => {
    const current = conflictCurrent<THypothesis>(e);
    if (!current) return (e as Error).message;
    setSeen(current);
    setTheirs(current);
    return null;
  });

  const submit = (event: FormEvent) =>
    run(event, title.trim() !== "", async () => {
      await ensureName();
      const patch = { ...(title.trim() !== seen.title ? { title: title.trim() } : {}), ...(description !== seen.description ? { description } : {}) };
      if (Object.keys(patch).length) await editHypothesis(qc, seen, patch);
      onClose();
    });

  return (
    <form className="hy-form" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && onClose()} aria-label="Edit hypothesis">
      <input autoFocus aria-label="Title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      <textarea aria-label="Description (markdown)" rows={4} value={description} onChange={(e) => setDescription(e.target.value)} onKeyDown={submitOnModEnter} />
      {theirs && (
        <div className="hy-conflict" role="alert">
          <strong>Someone else changed this meanwhile.</strong> Theirs:{" "}
          <em>{theirs.title}</em>. Save again to replace it with yours, or{" "}
          <button type="button" className="hy-link" onClick={() => (setTitle(theirs.title), setDescription(theirs.description), setTheirs(null))}>
            take theirs
          </button>
          .
        </div>
      )}
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="hy-actions">
        <button type="submit" className="primary hy-btn" disabled={!title.trim() || busy}>{busy ? "Saving…" : theirs ? "Save mine" : "Save"}</button>
        <button type="button" className="hy-btn" onClick={onClose}>Cancel</button>
        <span className="muted hy-hint">Ctrl+Enter · Esc</span>
      </div>
    </form>
  );
}
