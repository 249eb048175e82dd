// Where the document stands: saved as revision N, unsaved, saving, or stuck.
import type { TSaveStatus } from "./use-postmortem-draft";

const TEXT: Record<TSaveStatus, string> = {
  loading: "Loading…",
  saved: "Saved",
  unsaved: "Unsaved changes",
  saving: "Saving…",
  conflict: "Conflict — choose a version",
  error: "Not saved",
};

export function SaveStatus({ status, revision, error, onRetry }: { status: TSaveStatus; revision: number; error: string | null; onRetry: () => void }) {
  return (
    <span className={`pm-status pm-status-${status}`} data-testid="pm-status" data-status={status} data-revision={revision} title={error ?? undefined}>
      {status === "saved" && revision === 0 ? "Template, not saved yet" : TEXT[status]}
      {status === "saved" && revision > 0 ? ` · revision ${revision}` : ""}
      {status === "error" && (
        <>
          {" "}
          <button type="button" className="link" onClick={onRetry}>
            Retry
          </button>
        </>
      )}
    </span>
  );
}
