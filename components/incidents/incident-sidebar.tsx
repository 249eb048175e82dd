"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { AccessPanel } from "@/components/access/access-panel";
import { FindingsList } from "@/components/findings/findings-list";
import { AnnotationList } from "@/components/hypotheses/annotation-list";
import { TopTalkers } from "@/components/talkers/top-talkers";
import { useAnnotations } from "@/components/hypotheses/cache";
import { HypothesisBoard } from "@/components/hypotheses/hypothesis-board";
import { useIncidentActivity } from "@/components/hypotheses/use-incident-activity";
import { useIncidentEvents } from "@/components/live/use-incident-events";
import { useReadOnly } from "@/components/permalinks/read-only";
import { goToView } from "@/components/timeline/go-to-view";
import { parseView } from "@/lib/timeline/view-state";
import { paddedRange, viewForAnnotation, viewForHypothesis } from "@/lib/timeline/view/annotations";

const go = goToView;

/**
 * What the team thinks and why, beside the timeline: findings the detectors propose, hypotheses
 * with their status history, annotations. "Show", "Jump to" and "Focus" set the timeline's view
 * in the URL (range, the annotation's panel, the focused item), so a Share keeps them.
 */
export function IncidentSidebar({ incidentId, canManage = false }: { incidentId: string; canManage?: boolean }) {
  useIncidentEvents(incidentId, { onActivity: useIncidentActivity(incidentId) });
  const { focus } = parseView(useSearchParams().toString());
  const annotations = useAnnotations(incidentId).data ?? [];
  const { readOnly } = useReadOnly();
  return (
    <aside className="incident-sidebar stack" aria-label="Investigation">
      <div className="row">
        <h2 className="grow" style={{ margin: 0 }}>Investigation</h2>
        <Link href={`/incidents/${incidentId}/postmortem`}>Postmortem →</Link>
      </div>
      <TopTalkers incidentId={incidentId} readOnly={readOnly} />
      <section className="card stack" aria-label="Findings">
        <FindingsList incidentId={incidentId} onShow={(f) => go((v) => ({ ...v, range: paddedRange(f.from, f.to) }))} />
      </section>
      <section className="card stack" aria-label="Hypotheses">
        <HypothesisBoard
          incidentId={incidentId}
          focusedId={focus?.kind === "hypothesis" ? focus.id : null}
          onFocus={(h) => go((v) => (v.focus?.kind === "hypothesis" && v.focus.id === h.id ? { ...v, focus: null } : viewForHypothesis(v, h.id, annotations)))}
        />
      </section>
      <section className="card stack" aria-label="Annotations">
        <h2>Annotations</h2>
        <AnnotationList incidentId={incidentId} focusedId={focus?.kind === "annotation" ? focus.id : null} onJump={(a) => go((v) => viewForAnnotation(v, a))} />
      </section>
      {canManage && <AccessPanel incidentId={incidentId} />}
    </aside>
  );
}
