"use client";

import { useState } from "react";
import { FLOW_GROUPS, FLOW_METRICS } from "@/lib/schemas/series";
import type { TFlowsPanel } from "@/lib/timeline/view-state";
import { FlowFilters } from "./flow-filters";
import { seriesColor } from "./palette";
import type { TPanelActions } from "./panel-shell";
import { SeriesPanel, type TChartSpec } from "./series-panel";

const GROUP_TITLES = { flag: "TCP flag", direction: "direction", action: "action" } as const;
const CHARTS: TChartSpec[] = [{ id: "main", keys: () => true, height: 170, style: (key, _i, scheme) => ({ color: seriesColor(key, scheme), kind: "area", stack: "flows" }) }];

type Props = { incidentId: string; panel: TFlowsPanel; actions: TPanelActions; available: boolean };

export function FlowsPanel({ incidentId, panel, actions, available }: Props) {
  const { options, filters } = panel;
  const active = Object.values(filters).filter((v) => v !== undefined).length;
  const [open, setOpen] = useState(active > 0);
  const setOption = (patch: Partial<TFlowsPanel["options"]>) => actions.change({ ...panel, options: { ...options, ...patch }, hidden: patch.groupBy ? [] : panel.hidden });

  const controls = (
    <>
      <label className="tl-inline">
        Group
        <select value={options.groupBy} onChange={(e) => setOption({ groupBy: e.target.value as TFlowsPanel["options"]["groupBy"] })} aria-label="Group by">
          {FLOW_GROUPS.map((g) => <option key={g} value={g}>{GROUP_TITLES[g]}</option>)}
        </select>
      </label>
      <label className="tl-inline">
        Count
        <select value={options.metric} onChange={(e) => setOption({ metric: e.target.value as TFlowsPanel["options"]["metric"] })} aria-label="Metric">
          {FLOW_METRICS.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
      </label>
      <button type="button" className={active ? "tl-small on" : "tl-small"} aria-expanded={open} onClick={() => setOpen(!open)}>
        Filters{active ? ` (${active})` : ""}
      </button>
    </>
  );

  return (
    <SeriesPanel
      incidentId={incidentId}
      panel={panel}
      actions={actions}
      title={`Flows by ${GROUP_TITLES[options.groupBy]}`}
      noun={options.metric}
      controls={controls}
      below={open ? <FlowFilters key={JSON.stringify(filters)} filters={filters} onApply={(f) => actions.change({ ...panel, filters: f })} /> : null}
      spec={{ kind: "flows", filters: { groupBy: options.groupBy, metric: options.metric, src: filters.src, dst: filters.dst, port: filters.port, interface: filters.iface } }}
      missing={
        available
          ? null
          : { title: "No flow logs yet", body: <span>Upload VPC flow logs (AWS v2–v5 text or CloudWatch export, GCP, or CSV) to see flows split by TCP flag, direction and action.</span> }
      }
      charts={CHARTS}
    />
  );
}
