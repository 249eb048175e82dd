"use client";

// The headline of an incident page: the most severe findings in one line each, above the
// timeline, so the cause is the first thing on screen. "Show" zooms the timeline to one.
import { goToView } from "@/components/timeline/go-to-view";
import { formatDateTime } from "@/lib/format";
import { paddedRange } from "@/lib/timeline/view/annotations";
import { SeverityBadge } from "./finding-item";
import { useFindings } from "./findings-list";

const SHOWN = 4;

const clock = (t: number) => formatDateTime(t).slice(11, 19);

export function FindingsSummary({ incidentId }: { incidentId: string }) {
  const { data } = useFindings(incidentId);
  const findings = data?.findings ?? [];
  if (!findings.length) return null;
  const rest = findings.length - SHOWN;
  return (
    <section className="card findings-summary" aria-label="Findings summary" data-testid="findings-summary">
      <div className="row">
        <strong>What the evidence shows</strong>
        <span className="muted grow">
          {findings.length} finding{findings.length === 1 ? "" : "s"}
          {rest > 0 ? `, ${rest} more under Investigation` : ""}
          {data?.status === "running" ? " · checking again…" : ""}
        </span>
      </div>
      <ul>
        {findings.slice(0, SHOWN).map((f) => (
          <li key={f.id} data-testid="summary-finding">
            <SeverityBadge severity={f.severity} />
            <span className="findings-summary-title" title={f.explanation}>{f.title}</span>
            <span className="mono muted">{clock(f.from)}–{clock(f.to)} UTC</span>
            <button type="button" className="tl-small" onClick={() => goToView((v) => ({ ...v, range: paddedRange(f.from, f.to) }))}>
              Show
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
