"use client";

import { DNS_FAILURE_KEYS, DNS_LATENCY_KEYS, type TSeriesSpec } from "@/lib/schemas/series";
import type { TDnsPanel } from "@/lib/timeline/view-state";
import { describeDnsFilter } from "@/lib/timeline/view/talker-filter";
import { useMemo } from "react";
import { seriesColor } from "./palette";
import type { TPanelActions } from "./panel-shell";
import { SeriesPanel, type TChartSpec } from "./series-panel";

const LATENCY = new Set<string>(DNS_LATENCY_KEYS);
const FAILURES = new Set<string>(DNS_FAILURE_KEYS);

const CHARTS = { log: charts("log"), linear: charts("linear") };

function charts(scale: "log" | "linear"): TChartSpec[] {
  return [
    { id: "latency", keys: (k) => LATENCY.has(k), height: 130, yScale: scale, style: (k, _i, s) => ({ color: seriesColor(k, s), kind: "line" }) },
    // Query volume as lines, failures stacked underneath: amplification and error bursts in one view.
    {
      id: "queries",
      keys: (k) => !LATENCY.has(k),
      height: 90,
      style: (k, _i, s) => (FAILURES.has(k) ? { color: seriesColor(k, s), kind: "area", stack: "failures" } : { color: seriesColor(k, s), kind: "line" }),
    },
  ];
}

type Props = { incidentId: string; panel: TDnsPanel; actions: TPanelActions; available: boolean };

export function DnsPanel({ incidentId, panel, actions, available }: Props) {
  const { scale } = panel.options;
  const { filters } = panel;
  const spec = useMemo<TSeriesSpec>(() => ({ kind: "dns", filters: { ...filters } }), [filters]);
  const active = describeDnsFilter(filters);
  return (
    <SeriesPanel
      incidentId={incidentId}
      panel={panel}
      actions={actions}
      title={active ? `DNS latency and failures · ${active}` : "DNS latency and failures"}
      noun="queries"
      controls={
        <label className="tl-inline">
          Latency scale
          <select value={scale} onChange={(e) => actions.change({ ...panel, options: { scale: e.target.value === "linear" ? "linear" : "log" } })} aria-label="Latency scale">
            <option value="log">log</option>
            <option value="linear">linear</option>
          </select>
        </label>
      }
      spec={spec}
      below={
        active ? (
          <div className="tl-filters" aria-label="DNS filter">
            <span className="hy-chip" data-testid="dns-filter">{active}</span>
            <button type="button" className="tl-small" onClick={() => actions.change({ ...panel, filters: {} })}>Clear</button>
          </div>
        ) : null
      }
      missing={
        available
          ? null
          : { title: "No DNS traffic yet", body: <span>Upload a packet capture that includes DNS (port 53) to see latency p50/p90/p99/max and unanswered, SERVFAIL and NXDOMAIN counts.</span> }
      }
      charts={CHARTS[scale]}
    />
  );
}
