"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { FindingsList } from "@/components/findings/findings-list";
import { AnnotationList } from "@/components/hypotheses/annotation-list";
import { HypothesisBoard } from "@/components/hypotheses/hypothesis-board";
import { useIncidentActivity } from "@/components/hypotheses/use-incident-activity";

/**
 * What the team thinks and why, beside the timeline: findings the detectors propose, hypotheses
 * with their status history, annotations. Jumping sets the timeline's range in the URL (one
 * history entry, like a zoom).
 */
export function IncidentSidebar({ incidentId }: { incidentId: string }) {
  useIncidentActivity(incidentId);
  const search = useSearchParams();
  const jump = (from: number, to: number) => {
    const params = new URLSearchParams(search.toString());
    // A point annotation still gets a window around it.
    const pad = to - from < 60_000 ? 5 * 60_000 : Math.round((to - from) * 0.1);
    params.set("from", String(from - pad));
    params.set("to", String(to + pad));
    window.history.pushState(null, "", `?${params.toString()}`);
  };
  return (
    <aside className="incident-sidebar stack" aria-label="Investigation">
      <div className="row">
        <h2 className="grow" style={{ margin: 0 }}>Investigation</h2>
        <Link href={`/incidents/${incidentId}/postmortem`}>Postmortem →</Link>
      </div>
      <section className="card stack" aria-label="Findings">
        <FindingsList incidentId={incidentId} onShow={(f) => jump(f.from, f.to)} />
      </section>
      <section className="card stack" aria-label="Hypotheses">
        <HypothesisBoard incidentId={incidentId} />
      </section>
      <section className="card stack" aria-label="Annotations">
        <h2>Annotations</h2>
        <AnnotationList incidentId={incidentId} onJump={(a) => jump(a.from, a.to)} />
      </section>
    </aside>
  );
}
