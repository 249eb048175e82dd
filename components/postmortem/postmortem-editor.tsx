"use client";
// The postmortem editor: markdown on the left, the live rendering (with chart embeds) on the
// right; autosaved revisions, conflict resolution, revisions and export links around them.
import Link from "next/link";
import { useCallback, useDeferredValue, useEffect, useRef, useState } from "react";
import { embedLine } from "@/lib/postmortem/embeds";
import { replaceTimelineBlock } from "@/lib/postmortem/timeline-block";
import { useIncidentEvents } from "@/components/live/use-incident-events";
import { pmApi } from "./api";
import { ConflictPanel } from "./conflict-panel";
import { EditorToolbar } from "./editor-toolbar";
import { InsertView } from "./insert-view";
import { PostmortemDocument } from "./postmortem-document";
import { RevisionsPanel } from "./revisions-panel";
import { SaveStatus } from "./save-status";
import { insertBlock, type TEdit, type TSel } from "./text-edits";
import { usePostmortemDraft } from "./use-postmortem-draft";

export function PostmortemEditor({ incidentId, title }: { incidentId: string; title: string }) {
  const draft = usePostmortemDraft(incidentId);
  useIncidentEvents(incidentId, { onPostmortem: draft.refresh });
  const { text, edit, save, doc } = draft;
  const area = useRef<HTMLTextAreaElement>(null);
  const [panel, setPanel] = useState<"insert" | "revisions" | null>(null);
  const [timelineBusy, setTimelineBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const preview = useDeferredValue(text);

  const apply = useCallback(
    (fn: (value: string, sel: TSel) => TEdit) => {
      const ta = area.current;
      const sel = ta ? { start: ta.selectionStart, end: ta.selectionEnd } : { start: text.length, end: text.length };
      const next = fn(text, sel);
      edit(next.value);
      requestAnimationFrame(() => {
        ta?.focus();
        ta?.setSelectionRange(next.sel.start, next.sel.end);
      });
    },
    [text, edit],
  );

  // Ctrl/Cmd+S saves now instead of the browser's "save page".
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [save]);

  const refreshTimeline = async () => {
    setTimelineBusy(true);
    setActionError(null);
    try {
      const { markdown } = await pmApi.timeline(incidentId);
      edit(replaceTimelineBlock(text, markdown));
    } catch (e) {
      setActionError((e as Error).message);
    } finally {
      setTimelineBusy(false);
    }
  };

  const restore = async (rev: number) => {
    try {
      draft.accept(await pmApi.restore(incidentId, rev, doc?.revision ?? 0), true);
      setPanel(null);
    } catch (e) {
      setActionError((e as Error).message);
    }
  };

  const base = `/incidents/${encodeURIComponent(incidentId)}`;
  return (
    <div className="pm-editor stack">
      <div className="pm-head row">
        <div className="grow">
          <Link href={base} className="muted">
            ← {title}
          </Link>
          <h1>Postmortem</h1>
        </div>
        <SaveStatus status={draft.status} revision={doc?.revision ?? 0} error={draft.error} onRetry={() => void save()} />
        <Link href={`${base}/postmortem/view`} target="_blank">
          Read-only link
        </Link>
        <a href={`/api/incidents/${encodeURIComponent(incidentId)}/postmortem.md`} download>
          Download .md
        </a>
      </div>
      {draft.conflict && <ConflictPanel mine={text} theirs={draft.conflict} onKeepMine={draft.keepMine} onTakeTheirs={draft.takeTheirs} />}
      <EditorToolbar apply={apply} onInsertView={() => setPanel(panel === "insert" ? null : "insert")} onTimeline={() => void refreshTimeline()} onRevisions={() => setPanel(panel === "revisions" ? null : "revisions")} timelineBusy={timelineBusy} />
      {actionError && <p className="alert">{actionError}</p>}
      {panel === "insert" && (
        <InsertView
          incidentId={incidentId}
          onClose={() => setPanel(null)}
          onInsert={(slug) => {
            apply((v, s) => insertBlock(v, s, embedLine(slug)));
            setPanel(null);
          }}
        />
      )}
      {panel === "revisions" && doc && <RevisionsPanel incidentId={incidentId} current={text} latestRevision={doc.revision} onRestore={restore} onClose={() => setPanel(null)} />}
      <div className="pm-split">
        <textarea ref={area} className="pm-source mono" aria-label="Postmortem markdown" value={text} onChange={(e) => edit(e.target.value)} disabled={!doc} spellCheck />
        <div className="pm-preview card" aria-label="Preview">
          <PostmortemDocument markdown={preview} />
        </div>
      </div>
    </div>
  );
}
