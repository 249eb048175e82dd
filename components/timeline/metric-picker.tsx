"use client";

// Searchable list of an incident's metrics. Typing a name that is not listed still works (the
// list endpoint may lag behind, or not exist yet).
import { useId, useState } from "react";
import { formatCount } from "@/lib/format";
import { isNotFound, useMetricList } from "./use-incident-data";

type Props = { incidentId: string; onPick: (name: string) => void; autoFocus?: boolean };

export function MetricPicker({ incidentId, onPick, autoFocus }: Props) {
  const [text, setText] = useState("");
  const list = useMetricList(incidentId, true);
  const listId = useId();
  const needle = text.trim().toLowerCase();
  const matches = (list.data ?? []).filter((m) => m.name.toLowerCase().includes(needle)).slice(0, 50);

  return (
    <div className="tl-picker">
      <input
        type="search"
        value={text}
        autoFocus={autoFocus}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && text.trim()) onPick(matches[0]?.name.toLowerCase() === needle || !matches[0] ? text.trim() : matches[0].name);
        }}
        placeholder="Search metrics…"
        aria-label="Search metrics"
        aria-controls={listId}
        className="mono"
      />
      <ul id={listId} className="tl-picker-list" role="listbox" aria-label="Metrics">
        {list.isLoading && <li className="muted">Loading metrics…</li>}
        {list.error && <li className="muted">{isNotFound(list.error) ? "The metrics list is not available from this server yet." : list.error.message}</li>}
        {list.data && !matches.length && <li className="muted">{list.data.length ? "No metric matches." : "No metrics uploaded."}</li>}
        {matches.map((m) => (
          <li key={m.name} role="option" aria-selected={false}>
            <button type="button" className="tl-picker-item" onClick={() => onPick(m.name)}>
              <span className="mono">{m.name}</span>
              <span className="muted">{m.unit ? `${m.unit} · ` : ""}{formatCount(m.seriesCount)} series</span>
            </button>
          </li>
        ))}
        {text.trim() && !matches.some((m) => m.name === text.trim()) && (
          <li>
            <button type="button" className="tl-picker-item" onClick={() => onPick(text.trim())}>
              Use <span className="mono">{text.trim()}</span>
            </button>
          </li>
        )}
      </ul>
    </div>
  );
}
