"use client";
// Formatting buttons plus the postmortem actions (insert view, timeline, revisions).
import { insertBlock, prefixLines, TABLE_SNIPPET, wrap, type TEdit, type TSel } from "./text-edits";

type Props = {
  apply: (fn: (value: string, sel: TSel) => TEdit) => void;
  onInsertView: () => void;
  onTimeline: () => void;
  onRevisions: () => void;
  timelineBusy: boolean;
};

export function EditorToolbar({ apply, onInsertView, onTimeline, onRevisions, timelineBusy }: Props) {
  const fmt: Array<[string, string, (v: string, s: TSel) => TEdit]> = [
    ["B", "Bold", (v, s) => wrap(v, s, "**")],
    ["I", "Italic", (v, s) => wrap(v, s, "_")],
    ["</>", "Code", (v, s) => wrap(v, s, "`", "code")],
    ["H2", "Heading", (v, s) => prefixLines(v, s, "## ")],
    ["•", "Bulleted list", (v, s) => prefixLines(v, s, "- ")],
    ["☐", "Task list", (v, s) => prefixLines(v, s, "- [ ] ")],
    ["▦", "Action-item table", (v, s) => insertBlock(v, s, TABLE_SNIPPET)],
  ];
  return (
    <div className="pm-toolbar row" role="toolbar" aria-label="Postmortem editor">
      {fmt.map(([label, title, fn]) => (
        <button key={title} type="button" title={title} aria-label={title} onClick={() => apply(fn)}>
          {label}
        </button>
      ))}
      <span className="pm-toolbar-sep" />
      <button type="button" onClick={onInsertView}>
        Insert view
      </button>
      <button type="button" onClick={onTimeline} disabled={timelineBusy}>
        {timelineBusy ? "Generating…" : "Refresh timeline"}
      </button>
      <button type="button" onClick={onRevisions}>
        Revisions
      </button>
    </div>
  );
}
