"use client";
// The revision list: pick one to see it and its diff against the current text, and restore it.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { utc } from "@/lib/postmortem/timeline-block";
import { pmApi } from "./api";
import { DiffView } from "./diff-view";

type Props = { incidentId: string; current: string; latestRevision: number; onRestore: (rev: number) => Promise<void>; onClose: () => void };

export function RevisionsPanel({ incidentId, current, latestRevision, onRestore, onClose }: Props) {
  const [picked, setPicked] = useState<number | null>(null);
  const list = useQuery({ queryKey: ["pm-revisions", incidentId, latestRevision], queryFn: () => pmApi.revisions(incidentId) });
  const rev = useQuery({ queryKey: ["pm-revision", incidentId, picked], queryFn: () => pmApi.revision(incidentId, picked!), enabled: picked !== null });
  const [showText, setShowText] = useState(false);

  return (
    <section className="pm-revisions card" data-testid="pm-revisions">
      <div className="row">
        <strong className="grow">Revisions</strong>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </div>
      {list.isPending && <p className="muted">Loading…</p>}
      {list.data?.revisions.length === 0 && <p className="muted">Nothing saved yet.</p>}
      <ol className="pm-revision-list">
        {list.data?.revisions.map((r) => (
          <li key={r.revision}>
            <button type="button" className={`link${picked === r.revision ? " active" : ""}`} onClick={() => setPicked(r.revision)}>
              #{r.revision}
            </button>{" "}
            <span className="muted">
              {utc(r.at)} UTC · {r.author ?? "anonymous"} · {r.chars} chars{r.revision === latestRevision ? " · latest" : ""}
            </span>
          </li>
        ))}
      </ol>
      {rev.data && (
        <div className="stack">
          <div className="row">
            <strong className="grow">Revision {rev.data.revision}</strong>
            <button type="button" onClick={() => setShowText((s) => !s)}>
              {showText ? "Show diff" : "Show text"}
            </button>
            <button type="button" className="primary" onClick={() => void onRestore(rev.data.revision)}>
              Restore this revision
            </button>
          </div>
          {showText ? <pre className="pm-revision-text">{rev.data.markdown}</pre> : <DiffView from={rev.data.markdown} to={current} fromLabel={`revision ${rev.data.revision}`} toLabel="current text" />}
        </div>
      )}
    </section>
  );
}
