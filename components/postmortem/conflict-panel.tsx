"use client";
// Shown when a save found a newer revision: both versions side by side, then a choice.
import { utc } from "@/lib/postmortem/timeline-block";
import { DiffView } from "./diff-view";
import type { TLatest } from "./use-postmortem-draft";

type Props = { mine: string; theirs: TLatest; onKeepMine: () => void; onTakeTheirs: () => void };

export function ConflictPanel({ mine, theirs, onKeepMine, onTakeTheirs }: Props) {
  const who = `${theirs.author ?? "Someone"} saved revision ${theirs.revision}${theirs.at ? ` at ${utc(theirs.at)} UTC` : ""}`;
  return (
    <section className="pm-conflict card" role="alert" data-testid="pm-conflict">
      <div className="row">
        <strong className="grow">{who} while you were editing. Your changes are not saved yet.</strong>
        <button type="button" className="primary" onClick={onKeepMine}>
          Keep mine
        </button>
        <button type="button" onClick={onTakeTheirs}>
          Take theirs
        </button>
      </div>
      <div className="pm-conflict-cols">
        <div>
          <div className="muted">Your version</div>
          <pre data-testid="pm-conflict-mine">{mine}</pre>
        </div>
        <div>
          <div className="muted">Their version (revision {theirs.revision})</div>
          <pre data-testid="pm-conflict-theirs">{theirs.markdown}</pre>
        </div>
      </div>
      <details>
        <summary>Differences</summary>
        <DiffView from={theirs.markdown} to={mine} fromLabel={`revision ${theirs.revision}`} toLabel="yours" />
      </details>
    </section>
  );
}
