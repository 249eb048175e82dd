"use client";

import { useId, useState } from "react";
import { Markdown } from "@/components/ui/markdown";
import { ANNOTATION_STANCES, type TAnnotationStance } from "@/lib/schemas/annotation";
import type { TAnnotationDraft } from "./api";
import { useHypotheses } from "./cache";
import { STANCE_LABEL, submitOnModEnter } from "./format";

type Props = {
  incidentId: string;
  value: TAnnotationDraft;
  onChange: (next: TAnnotationDraft) => void;
  autoFocus?: boolean;
};

/** Text (markdown, with a preview), stance and linked hypothesis: shared by create and edit. */
export function AnnotationFields({ incidentId, value, onChange, autoFocus }: Props) {
  const id = useId();
  const [preview, setPreview] = useState(false);
  const { data: hypotheses } = useHypotheses(incidentId);
  const set = (patch: Partial<TAnnotationDraft>) => onChange({ ...value, ...patch });

  return (
    <>
      <div className="hy-tabs" role="tablist" aria-label="Text">
        <button type="button" role="tab" aria-selected={!preview} className="hy-tab" onClick={() => setPreview(false)}>Write</button>
        <button type="button" role="tab" aria-selected={preview} className="hy-tab" onClick={() => setPreview(true)} disabled={!value.text.trim()}>Preview</button>
        <span className="muted hy-hint">Markdown · Ctrl+Enter to save</span>
      </div>
      {preview ? (
        <Markdown text={value.text} className="hy-preview" />
      ) : (
        <textarea
          autoFocus={autoFocus}
          required
          rows={3}
          aria-label="Annotation text (markdown)"
          placeholder="What this shows, e.g. SYN-only flows to 10.2.3.4:443 jump 40× at the rollout"
          value={value.text}
          onChange={(e) => set({ text: e.target.value })}
          onKeyDown={submitOnModEnter}
        />
      )}
      <div className="hy-row">
        <div className="hy-seg" role="radiogroup" aria-label="Stance">
          {ANNOTATION_STANCES.map((s: TAnnotationStance) => (
            <label key={s} className={`hy-seg-item hy-stance-${s}${value.stance === s ? " on" : ""}`}>
              <input type="radio" name={`${id}-stance`} value={s} checked={value.stance === s} onChange={() => set({ stance: s })} />
              {STANCE_LABEL[s]}
            </label>
          ))}
        </div>
        <select className="hy-select" value={value.hypothesisId ?? ""} onChange={(e) => set({ hypothesisId: e.target.value || null })} aria-label="Hypothesis">
          <option value="">No hypothesis</option>
          {hypotheses?.map((h) => (
            <option key={h.id} value={h.id}>{h.title}</option>
          ))}
        </select>
      </div>
    </>
  );
}
