"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useReadOnly } from "@/components/permalinks/read-only";
import { Markdown } from "@/components/ui/markdown";
import type { TAnnotation } from "@/lib/schemas/annotation";
import { conflictCurrent, deleteAnnotation, editAnnotation, type TAnnotationDraft } from "./api";
import { AnnotationFields } from "./annotation-fields";
import { authorName, formatRange, STANCE_LABEL, STANCE_VERB, utc } from "./format";
import { useFormSubmit } from "./use-form-submit";

type Props = {
  annotation: TAnnotation;
  hypothesisTitle: string | null;
  onJump?: (annotation: TAnnotation) => void;
  focused?: boolean;
  ensureName: () => Promise<string | null>;
};

export function AnnotationItem({ annotation: a, hypothesisTitle, onJump, focused = false, ensureName }: Props) {
  const qc = useQueryClient();
  const { readOnly } = useReadOnly();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setError(null);
    await deleteAnnotation(qc, a).catch((e: Error) => setError(e.message));
  }

  return (
    <li className={`hy-annotation hy-stance-${a.stance}${focused ? " hy-focused" : ""}`} aria-current={focused || undefined} data-testid="annotation-item">
      <div className="hy-annotation-head">
        <span className={`hy-stance hy-stance-${a.stance}`}>{STANCE_LABEL[a.stance]}</span>
        <span className="mono hy-small">{formatRange(a.from, a.to)}</span>
        {a.panel && <span className="hy-chip">{a.panel}</span>}
        <div className="hy-tools">
          {onJump && (
            <button type="button" className="hy-icon" onClick={() => onJump(a)} title="Show this range on the timeline">Jump to</button>
          )}
          {!readOnly && <button type="button" className="hy-icon" aria-pressed={editing} onClick={() => setEditing((v) => !v)}>Edit</button>}
          {readOnly ? null : confirmDelete ? (
            <>
              <button type="button" className="hy-icon danger" autoFocus onClick={remove}>Delete?</button>
              <button type="button" className="hy-icon" onClick={() => setConfirmDelete(false)}>Keep</button>
            </>
          ) : (
            <button type="button" className="hy-icon" aria-label="Delete annotation" title="Delete" onClick={() => setConfirmDelete(true)}>✕</button>
          )}
        </div>
      </div>
      {a.hypothesisId && (
        <div className="hy-linked hy-small">
          {STANCE_VERB[a.stance]} <strong>{hypothesisTitle ?? "a hypothesis"}</strong>
        </div>
      )}
      {editing ? <AnnotationEditor annotation={a} ensureName={ensureName} onClose={() => setEditing(false)} /> : <Markdown text={a.text} className="hy-text" />}
      <div className="hy-meta">
        <span data-testid="annotation-author">{authorName(a.author)}</span>
        <span className="hy-dot" aria-hidden>·</span>
        <time dateTime={new Date(a.createdAt).toISOString()} title={a.updatedAt !== a.createdAt ? `edited ${utc(a.updatedAt)}` : undefined}>
          {utc(a.createdAt)}
          {a.updatedAt !== a.createdAt && " (edited)"}
        </time>
      </div>
      {error && <p className="error-text hy-small" role="alert">{error}</p>}
    </li>
  );
}

function AnnotationEditor({ annotation, ensureName, onClose }: { annotation: TAnnotation; ensureName: () => Promise<string | null>; onClose: () => void }) {
  const qc = useQueryClient();
  const [seen, setSeen] = useState(annotation);
  const [draft, setDraft] = useState<TAnnotationDraft>({ text: annotation.text, stance: annotation.stance, hypothesisId: annotation.hypothesisId });
  const { busy, error, submit: run } = useFormSubmit((e) => {
    const current = conflictCurrent<TAnnotation>(e);
    if (!current) return (e as Error).message;
    setSeen(current);
    return "Someone else changed this annotation meanwhile. Save again to replace theirs with yours, or Cancel to see theirs.";
  });

  const submit = (event: FormEvent) =>
    run(event, draft.text.trim() !== "", async () => {
      await ensureName();
      const patch = Object.fromEntries(Object.entries(draft).filter(([k, v]) => seen[k as keyof TAnnotationDraft] !== v));
      if (Object.keys(patch).length) await editAnnotation(qc, seen, patch);
      onClose();
    });

  return (
    <form className="hy-form" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && onClose()} aria-label="Edit annotation">
      <AnnotationFields incidentId={annotation.incidentId} value={draft} onChange={setDraft} autoFocus />
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="hy-actions">
        <button type="submit" className="primary hy-btn" disabled={!draft.text.trim() || busy}>{busy ? "Saving…" : "Save"}</button>
        <button type="button" className="hy-btn" onClick={onClose}>Cancel</button>
      </div>
    </form>
  );
}
