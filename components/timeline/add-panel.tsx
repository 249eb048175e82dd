"use client";

import { useState } from "react";
import type { TPanelType } from "@/lib/timeline/view-state";
import { PANEL_TITLES, type TFamilies } from "@/lib/timeline/view/panels";
import { MetricPicker } from "./metric-picker";
import { Popover } from "./popover";

type Props = { incidentId: string; families: TFamilies; onAdd: (type: TPanelType, metricName?: string) => void };

const SOURCES: Array<{ type: Exclude<TPanelType, "metric">; family: keyof TFamilies; needs: string }> = [
  { type: "flows", family: "flows", needs: "flow logs" },
  { type: "packets", family: "captures", needs: "a packet capture" },
  { type: "dns", family: "captures", needs: "a packet capture" },
];

/** Add a panel: the built-in evidence panels, or a metric picked by name. */
export function AddPanel({ incidentId, families, onAdd }: Props) {
  return (
    <Popover label="+ Add panel" className="tl-small" testId="add-panel">
      {(close) => <AddPanelMenu incidentId={incidentId} families={families} onAdd={(t, n) => (onAdd(t, n), close())} />}
    </Popover>
  );
}

function AddPanelMenu({ incidentId, families, onAdd }: Props) {
  const [metric, setMetric] = useState(false);
  if (metric) return <MetricPicker incidentId={incidentId} autoFocus onPick={(name) => onAdd("metric", name)} />;
  return (
    <ul className="tl-menu" role="menu">
      {SOURCES.map((s) => (
        <li key={s.type}>
          <button type="button" role="menuitem" onClick={() => onAdd(s.type)}>
            {PANEL_TITLES[s.type]}
            {!families[s.family] && <span className="muted"> — needs {s.needs}</span>}
          </button>
        </li>
      ))}
      <li>
        <button type="button" role="menuitem" onClick={() => setMetric(true)}>
          Metric…{!families.metrics && <span className="muted"> — needs a metric export</span>}
        </button>
      </li>
    </ul>
  );
}
