import type { THypothesisEvent } from "@/lib/schemas/hypothesis";
import { authorName, STATUS_LABEL, utc } from "./format";

/** Every status change, newest first; the creation is the oldest entry. */
export function HypothesisHistory({ history }: { history: THypothesisEvent[] }) {
  return (
    <ol className="hy-history" aria-label="Status history">
      {[...history].reverse().map((e, i) => (
        <li key={`${e.at}-${i}`}>
          <div className="hy-history-line">
            <span className={`hy-status hy-status-${e.status}`}>{STATUS_LABEL[e.status]}</span>
            <span className="hy-history-who">{authorName(e.author)}</span>
            <time className="muted" dateTime={new Date(e.at).toISOString()}>{utc(e.at)}</time>
          </div>
          <p className="hy-history-reason">{e.reason ?? <span className="muted">created</span>}</p>
        </li>
      ))}
    </ol>
  );
}
