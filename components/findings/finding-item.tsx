"use client";

import { useState, type CSSProperties } from "react";
import { AnnotationForm } from "@/components/hypotheses/annotation-form";
import { useReadOnly } from "@/components/permalinks/read-only";
import { formatDateTime } from "@/lib/format";
import type { TFinding, TSeverity } from "@/lib/schemas/finding";

const SEVERITY_STYLE: Record<TSeverity, { className: string; style?: CSSProperties }> = {
  critical: { className: "badge badge-danger" },
  warning: { className: "badge", style: { background: "color-mix(in srgb, #d98a00 16%, transparent)", color: "#b86f00" } },
  info: { className: "badge", style: { background: "var(--bg)", color: "var(--muted)" } },
};

export function SeverityBadge({ severity }: { severity: TSeverity }) {
  const style = SEVERITY_STYLE[severity];
  return <span className={style.className} style={{ marginLeft: 0, ...style.style }}>{severity}</span>;
}

/** "2024-06-10 06:18:20 – 06:19:50 UTC" (the date once when both ends share it). */
export function formatRange(from: number, to: number): string {
  const a = formatDateTime(from);
  const b = formatDateTime(to);
  return `${a} – ${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b} UTC`;
}

/** The timeline panel a finding's evidence is drawn on. */
const panelOf = (f: TFinding) => (f.evidence.panel === "metrics" ? "metric" : f.evidence.panel);

/**
 * One finding: what and why, when, and the team's decision. Accepting it also offers to note it
 * on the timeline as an annotation (pre-filled, attached to the hypothesis it supports).
 */
export function FindingItem(props: {
  incidentId: string;
  finding: TFinding;
  busy: boolean;
  onShow?: (finding: TFinding) => void;
  onAccept: () => void;
  onDismiss: () => void;
}) {
  const { finding: f, busy } = props;
  const { readOnly } = useReadOnly();
  const [noting, setNoting] = useState(false);
  return (
    <li className="card stack" style={{ gap: 6, opacity: f.dismissedAt ? 0.6 : 1 }} data-testid="finding" data-detector={f.detector}>
      <div className="row">
        <SeverityBadge severity={f.severity} />
        <span className="badge" title="How sure the detector is">{Math.round(f.confidence * 100)} % confidence</span>
        {f.stance === "against" && <span className="badge" title="Evidence against a common hypothesis: cite it to refute one">argues against</span>}
        <strong className="grow">{f.title}</strong>
      </div>
      <p style={{ margin: 0 }}>{f.explanation}</p>
      <div className="row" style={{ fontSize: 12.5 }}>
        <span className="mono muted grow">{formatRange(f.from, f.to)} · {f.detector}</span>
        {f.acceptedAt && <span className="badge">accepted</span>}
        {f.dismissedAt && <span className="muted">dismissed</span>}
        <button type="button" className="link" onClick={() => props.onShow?.(f)} disabled={!props.onShow} aria-label={`Show ${f.title} on the timeline`}>
          Show
        </button>
        {!readOnly && (
          <button
            type="button"
            onClick={() => {
              props.onAccept();
              setNoting(true);
            }}
            disabled={busy || (f.acceptedAt !== null && f.dismissedAt === null)}
            aria-label={`Accept ${f.title}`}
          >
            Accept
          </button>
        )}
        {!f.dismissedAt && !readOnly && (
          <button type="button" onClick={props.onDismiss} disabled={busy} aria-label={`Dismiss ${f.title}`}>
            Dismiss
          </button>
        )}
      </div>
      {noting && !readOnly && (
        <AnnotationForm
          incidentId={props.incidentId}
          from={f.from}
          to={f.to}
          panel={panelOf(f)}
          title="Note it on the timeline"
          initial={{ text: `**${f.title}**\n\n${f.explanation}`, stance: f.stance === "against" ? "refutes" : "supports" }}
          onCreated={() => setNoting(false)}
          onCancel={() => setNoting(false)}
        />
      )}
    </li>
  );
}
