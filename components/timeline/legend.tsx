"use client";

import type { TChartSeries } from "./time-chart";

type Props = { series: TChartSeries[]; onToggle: (key: string, solo: boolean) => void };

/** Click hides or shows a series; shift/alt/⌘-click shows only that one (again: shows all). */
export function Legend({ series, onToggle }: Props) {
  if (!series.length) return null;
  return (
    <ul className="tl-legend" aria-label="Series">
      {series.map((s) => (
        <li key={s.key}>
          <button
            type="button"
            className={s.hidden ? "tl-legend-item off" : "tl-legend-item"}
            aria-pressed={!s.hidden}
            title={`${s.label} — click to ${s.hidden ? "show" : "hide"}, shift-click to show only this`}
            onClick={(e) => onToggle(s.key, e.shiftKey || e.altKey || e.metaKey)}
          >
            <span className={s.kind === "line" ? "tl-swatch line" : "tl-swatch"} style={{ background: s.color }} />
            {s.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
