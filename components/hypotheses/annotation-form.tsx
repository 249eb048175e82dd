"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useDisplayName } from "@/components/identity/display-name-prompt";
import type { TAnnotation } from "@/lib/schemas/annotation";
import { createAnnotation, type TAnnotationDraft } from "./api";
import { AnnotationFields } from "./annotation-fields";
import { formatRange } from "./format";
import { useFormSubmit } from "./use-form-submit";

type Props = {
  incidentId: string;
  /** The selected range in epoch ms; a point when `from === to`. */
  from: number;
  to: number;
  /** The id/type of the panel the range was selected on, e.g. "flows". */
  panel: string | null;
  /** Pre-selects a hypothesis (e.g. when annotating from the board). */
  hypothesisId?: string | null;
  /** Pre-fills the note (e.g. an accepted finding's explanation). */
  initial?: Partial<Pick<TAnnotationDraft, "text" | "stance">>;
  title?: string;
  onCreated?: (annotation: TAnnotation) => void;
  onCancel?: () => void;
};

/** Annotates a time range: markdown text, stance and an optional hypothesis → POST. */
export function AnnotationForm({ incidentId, from, to, panel, hypothesisId = null, initial, title = "Annotate", onCreated, onCancel }: Props) {
  const qc = useQueryClient();
  const identity = useDisplayName();
  const [draft, setDraft] = useState<TAnnotationDraft>({ text: initial?.text ?? "", stance: initial?.stance ?? "context", hypothesisId });
  const [onlyHere, setOnlyHere] = useState(false);
  const { busy, error, submit: run } = useFormSubmit();

  const submit = (event: FormEvent) =>
    run(event, draft.text.trim() !== "", async () => {
      await identity.ensureName();
      const created = await createAnnotation(qc, incidentId, { ...draft, from, to, panel, panels: onlyHere && panel ? [panel] : [] });
      setDraft({ text: "", stance: draft.stance, hypothesisId: draft.hypothesisId });
      onCreated?.(created);
    });

  // The name dialog holds a form of its own, so it is rendered beside this one, not inside.
  return (
    <>
      <form className="hy-form hy-annotation-form" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && onCancel?.()} aria-label="New annotation">
        <div className="hy-form-head">
          <strong>{title}</strong>
          <span className="muted mono hy-small">{formatRange(from, to)}</span>
          {panel && <span className="hy-chip">{panel}</span>}
        </div>
        <AnnotationFields incidentId={incidentId} value={draft} onChange={setDraft} autoFocus />
        {panel && (
          <label className="inline-check hy-scope">
            <input type="checkbox" checked={onlyHere} onChange={(e) => setOnlyHere(e.target.checked)} /> Show on this panel only ({panel}); otherwise on every panel
          </label>
        )}
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="hy-actions">
          <button type="submit" className="primary hy-btn" disabled={!draft.text.trim() || busy}>{busy ? "Saving…" : "Add annotation"}</button>
          {onCancel && <button type="button" className="hy-btn" onClick={onCancel}>Cancel</button>}
        </div>
      </form>
      {identity.prompt}
    </>
  );
}
