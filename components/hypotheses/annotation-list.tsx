"use client";

import { useDisplayName } from "@/components/identity/display-name-prompt";
import type { TAnnotation } from "@/lib/schemas/annotation";
import { AnnotationItem } from "./annotation-item";
import { useAnnotations, useHypotheses } from "./cache";

type Props = {
  incidentId: string;
  /** "Jump to": e.g. the timeline zooms to the annotation's range. Without it, no button. */
  onJump?: (annotation: TAnnotation) => void;
  /** Only the annotations linked to this hypothesis, or made on this panel. */
  filter?: { hypothesisId?: string; panel?: string };
  /** The annotation the view focuses (highlighted). */
  focusedId?: string | null;
  className?: string;
};

/** The annotations of an incident in time order: stance, author, range, hypothesis, rendered text. */
export function AnnotationList({ incidentId, onJump, filter, focusedId = null, className }: Props) {
  const { data, error, isPending } = useAnnotations(incidentId);
  const { data: hypotheses } = useHypotheses(incidentId);
  const identity = useDisplayName();
  const titles = new Map(hypotheses?.map((h) => [h.id, h.title]));
  const shown = (data ?? []).filter(
    (a) => (!filter?.hypothesisId || a.hypothesisId === filter.hypothesisId) && (!filter?.panel || a.panel === filter.panel),
  );

  return (
    <section className={className ? `hy-annotations ${className}` : "hy-annotations"} aria-label="Annotations">
      {error && <p className="error-text" role="alert">Could not load annotations: {error.message}</p>}
      {isPending && <p className="muted hy-small">Loading…</p>}
      {data && shown.length === 0 && (
        <p className="muted hy-small hy-empty">No annotations yet. Switch on ✎ Annotate (or hold Shift) and drag across a panel to note what it shows.</p>
      )}
      <ol className="hy-list">
        {shown.map((a) => (
          <AnnotationItem
            key={a.id}
            annotation={a}
            hypothesisTitle={a.hypothesisId ? (titles.get(a.hypothesisId) ?? null) : null}
            onJump={onJump}
            focused={a.id === focusedId}
            ensureName={identity.ensureName}
          />
        ))}
      </ol>
      {identity.prompt}
    </section>
  );
}
