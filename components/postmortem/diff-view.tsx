// A line diff of two texts (npm `diff`): removed lines red, added green, unchanged shown dim.
import { diffLines } from "diff";

export function DiffView({ from, to, fromLabel, toLabel }: { from: string; to: string; fromLabel: string; toLabel: string }) {
  const parts = diffLines(from, to);
  const changed = parts.some((p) => p.added || p.removed);
  return (
    <div className="pm-diff" data-testid="pm-diff">
      <div className="muted pm-diff-head">
        <span className="pm-del">− {fromLabel}</span> <span className="pm-add">+ {toLabel}</span>
      </div>
      {!changed && <p className="muted">No differences.</p>}
      <pre>
        {parts.flatMap((p, i) =>
          p.value.replace(/\n$/, "").split("\n").map((line, j) => (
            <div key={`${i}-${j}`} className={p.added ? "pm-add" : p.removed ? "pm-del" : "pm-same"}>
              {p.added ? "+ " : p.removed ? "− " : "  "}
              {line}
            </div>
          )),
        )}
      </pre>
    </div>
  );
}
