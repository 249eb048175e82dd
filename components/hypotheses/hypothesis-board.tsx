"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useDisplayName } from "@/components/identity/display-name-prompt";
import { useReadOnly } from "@/components/permalinks/read-only";
import type { THypothesis } from "@/lib/schemas/hypothesis";
import { createHypothesis, moveHypothesis } from "./api";
import { useFormSubmit } from "./use-form-submit";
import { useHypotheses } from "./cache";
import { submitOnModEnter } from "./format";
import { HypothesisCard } from "./hypothesis-card";

type Props = {
  incidentId: string;
  /** The hypothesis the view focuses (highlighted), and how to focus one. */
  focusedId?: string | null;
  onFocus?: (h: THypothesis) => void;
  className?: string;
};

/**
 * The hypotheses of an incident as a sidebar: ordered list, create, edit, status changes with a
 * reason, history, move up/down (buttons or Alt+↑/↓). Mount `useIncidentActivity` beside it to
 * see other people's changes live.
 */
export function HypothesisBoard({ incidentId, focusedId = null, onFocus, className }: Props) {
  const qc = useQueryClient();
  const { readOnly } = useReadOnly();
  const { data: hypotheses, error, isPending } = useHypotheses(incidentId);
  const identity = useDisplayName();
  const [adding, setAdding] = useState(false);
  const [moveError, setMoveError] = useState<string | null>(null);

  async function move(h: THypothesis, delta: -1 | 1) {
    const list = hypotheses ?? [];
    const index = list.findIndex((x) => x.id === h.id);
    const target = index + delta;
    if (index < 0 || target < 0 || target >= list.length) return;
    setMoveError(null);
    await moveHypothesis(qc, h, target).catch((e: Error) => setMoveError(e.message));
  }

  return (
    <aside className={className ? `hy-board ${className}` : "hy-board"} aria-labelledby={`hy-title-${incidentId}`}>
      <header className="hy-board-head">
        <h2 id={`hy-title-${incidentId}`}>
          Hypotheses {hypotheses && <span className="hy-count">{hypotheses.length}</span>}
        </h2>
        {identity.name && <span className="hy-me muted" title="Your display name">as {identity.name}</span>}
        {!readOnly && (
          <button type="button" className="hy-btn" onClick={() => setAdding((v) => !v)} aria-expanded={adding}>
            {adding ? "Close" : "+ New"}
          </button>
        )}
      </header>
      {adding && <NewHypothesis incidentId={incidentId} ensureName={identity.ensureName} onDone={() => setAdding(false)} />}
      {error && <p className="error-text" role="alert">Could not load hypotheses: {error.message}</p>}
      {moveError && <p className="error-text" role="alert">{moveError}</p>}
      {isPending && <p className="muted hy-small">Loading…</p>}
      {hypotheses && hypotheses.length === 0 && !adding && (
        <p className="muted hy-small hy-empty">
          No hypotheses yet. Write down each candidate cause — &ldquo;DNS&rdquo; included — and mark it supported, refuted or
          confirmed as the evidence comes in.
        </p>
      )}
      <ol className="hy-list">
        {hypotheses?.map((h, i) => (
          <HypothesisCard
            key={h.id}
            hypothesis={h}
            first={i === 0}
            last={i === hypotheses.length - 1}
            onMove={(delta) => move(h, delta)}
            focused={h.id === focusedId}
            onFocus={onFocus}
            readOnly={readOnly}
            ensureName={identity.ensureName}
          />
        ))}
      </ol>
      {identity.prompt}
    </aside>
  );
}

function NewHypothesis({ incidentId, ensureName, onDone }: { incidentId: string; ensureName: () => Promise<string | null>; onDone: () => void }) {
  const qc = useQueryClient();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const { busy, error, submit: run } = useFormSubmit();

  const submit = (event: FormEvent) =>
    run(event, title.trim() !== "", async () => {
      await ensureName();
      await createHypothesis(qc, incidentId, { title: title.trim(), description });
      onDone();
    });

  return (
    <form className="hy-form" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && onDone()} aria-label="New hypothesis">
      <input autoFocus aria-label="Title" placeholder="e.g. Conntrack on the hypervisor saturates during rollouts" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      <textarea aria-label="Description (markdown)" placeholder="Why it could be this, what would prove it (markdown)" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} onKeyDown={submitOnModEnter} />
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="hy-actions">
        <button type="submit" className="primary hy-btn" disabled={!title.trim() || busy}>{busy ? "Adding…" : "Add hypothesis"}</button>
        <button type="button" className="hy-btn" onClick={onDone}>Cancel</button>
        <span className="muted hy-hint">Ctrl+Enter to add · Esc to close</span>
      </div>
    </form>
  );
}
