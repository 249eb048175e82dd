"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type KeyboardEvent } from "react";
import { Markdown } from "@/components/ui/markdown";
import type { THypothesis } from "@/lib/schemas/hypothesis";
import { deleteHypothesis } from "./api";
import { authorName, STATUS_LABEL, utc } from "./format";
import { HypothesisEditor } from "./hypothesis-editor";
import { HypothesisHistory } from "./hypothesis-history";
import { StatusForm } from "./status-form";

type Props = {
  hypothesis: THypothesis;
  first: boolean;
  last: boolean;
  onMove: (delta: -1 | 1) => void;
  ensureName: () => Promise<string | null>;
  focused?: boolean;
  /** Focus the timeline on this hypothesis (its annotations emphasised). */
  onFocus?: (h: THypothesis) => void;
  /** A shared view: look, don't touch. */
  readOnly?: boolean;
};

type Mode = "view" | "edit" | "status";

export function HypothesisCard({ hypothesis: h, first, last, onMove, ensureName, focused = false, onFocus, readOnly = false }: Props) {
  const qc = useQueryClient();
  const [mode, setMode] = useState<Mode>("view");
  const [showHistory, setShowHistory] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const changes = h.history.length - 1;

  const ref = useRef<HTMLLIElement>(null);

  /** Moving re-inserts the card's DOM node, which drops focus: put it back for keyboard users. */
  function move(delta: -1 | 1) {
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    onMove(delta);
    requestAnimationFrame(() => {
      if (!active || document.activeElement === active) return;
      if (active.isConnected && !(active as HTMLButtonElement).disabled) active.focus();
      else ref.current?.focus();
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLLIElement>) {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    if (event.target instanceof HTMLElement && event.target.closest("input, textarea, select")) return;
    event.preventDefault();
    move(event.key === "ArrowUp" ? -1 : 1);
  }

  async function remove() {
    setError(null);
    await deleteHypothesis(qc, h).catch((e: Error) => setError(e.message));
  }

  return (
    <li ref={ref} tabIndex={-1} className={`hy-card hy-is-${h.status}${focused ? " hy-focused" : ""}`} aria-current={focused || undefined} onKeyDown={readOnly ? undefined : onKeyDown} data-testid="hypothesis-card">
      <div className="hy-card-head">
        <span className={`hy-status hy-status-${h.status}`}>{STATUS_LABEL[h.status]}</span>
        <div className="hy-tools">
          {onFocus && (
            <button type="button" className="hy-icon" aria-pressed={focused} onClick={() => onFocus(h)} title="Show its annotations on the timeline (kept in shared links)">Focus</button>
          )}
          {!readOnly && (
            <>
              <button type="button" className="hy-icon" aria-label="Move up (Alt+↑)" title="Move up (Alt+↑)" disabled={first} onClick={() => move(-1)}>↑</button>
              <button type="button" className="hy-icon" aria-label="Move down (Alt+↓)" title="Move down (Alt+↓)" disabled={last} onClick={() => move(1)}>↓</button>
              <button type="button" className="hy-icon" aria-pressed={mode === "edit"} onClick={() => setMode(mode === "edit" ? "view" : "edit")}>Edit</button>
              {confirmDelete ? (
                <>
                  <button type="button" className="hy-icon danger" autoFocus onClick={remove}>Delete?</button>
                  <button type="button" className="hy-icon" onClick={() => setConfirmDelete(false)}>Keep</button>
                </>
              ) : (
                <button type="button" className="hy-icon" aria-label="Delete hypothesis" title="Delete" onClick={() => setConfirmDelete(true)}>✕</button>
              )}
            </>
          )}
        </div>
      </div>

      {mode === "edit" ? (
        <HypothesisEditor hypothesis={h} ensureName={ensureName} onClose={() => setMode("view")} />
      ) : (
        <>
          <h3 className="hy-card-title">{h.title}</h3>
          {h.description && <Markdown text={h.description} className="hy-desc" />}
        </>
      )}

      <div className="hy-meta">
        <span title={utc(h.createdAt)}>by {authorName(h.author)}</span>
        <span className="hy-dot" aria-hidden>·</span>
        <button type="button" className="hy-link" aria-expanded={showHistory} onClick={() => setShowHistory((v) => !v)}>
          {changes === 0 ? "history" : `${changes} status change${changes === 1 ? "" : "s"}`}
        </button>
        {!readOnly && (
          <button type="button" className="hy-link hy-push" aria-expanded={mode === "status"} onClick={() => setMode(mode === "status" ? "view" : "status")}>
            Change status…
          </button>
        )}
      </div>

      {mode === "status" && <StatusForm hypothesis={h} ensureName={ensureName} onClose={() => setMode("view")} />}
      {showHistory && <HypothesisHistory history={h.history} />}
      {error && <p className="error-text hy-small" role="alert">{error}</p>}
    </li>
  );
}
