"use client";

import type { TSeriesSpec } from "@/lib/schemas/series";
import type { TPacketsPanel } from "@/lib/timeline/view-state";
import { seriesColor } from "./palette";
import type { TPanelActions } from "./panel-shell";
import { SeriesPanel, type TChartSpec } from "./series-panel";

const CHARTS: TChartSpec[] = [
  {
    id: "main",
    keys: () => true,
    height: 160,
    // Flags stack to total packets; SYN retransmissions are drawn on top as their own line.
    style: (key, _i, scheme) =>
      key === "retransmissions" ? { color: seriesColor(key, scheme), kind: "line", dashed: true } : { color: seriesColor(key, scheme), kind: "area", stack: "packets" },
  },
];

const PACKETS: TSeriesSpec = { kind: "packets", filters: { groupBy: "flag" } };

type Props = { incidentId: string; panel: TPacketsPanel; actions: TPanelActions; available: boolean };

export function PacketsPanel({ incidentId, panel, actions, available }: Props) {
  return (
    <SeriesPanel
      incidentId={incidentId}
      panel={panel}
      actions={actions}
      title="Capture packets by TCP flag"
      noun="packets"
      spec={PACKETS}
      missing={
        available
          ? null
          : { title: "No packet captures yet", body: <span>Upload a packet capture (.pcap or .pcapng, e.g. from <code>tcpdump -w</code>) to see packets by TCP flag and SYN retransmissions.</span> }
      }
      charts={CHARTS}
    />
  );
}
