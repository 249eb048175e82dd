"use client";

import type { TPanel } from "@/lib/timeline/view-state";
import type { TFamilies } from "@/lib/timeline/view/panels";
import { DnsPanel } from "./dns-panel";
import { FlowsPanel } from "./flows-panel";
import { MetricPanel } from "./metric-panel";
import { PacketsPanel } from "./packets-panel";
import type { TPanelActions } from "./panel-shell";

type Props = { incidentId: string; panel: TPanel; actions: TPanelActions; families: TFamilies };

/** The panel component for a panel's type, told whether its kind of evidence exists. */
export function PanelView({ incidentId, panel, actions, families }: Props) {
  switch (panel.type) {
    case "flows":
      return <FlowsPanel incidentId={incidentId} panel={panel} actions={actions} available={families.flows > 0} />;
    case "packets":
      return <PacketsPanel incidentId={incidentId} panel={panel} actions={actions} available={families.captures > 0} />;
    case "dns":
      return <DnsPanel incidentId={incidentId} panel={panel} actions={actions} available={families.captures > 0} />;
    case "metric":
      return <MetricPanel incidentId={incidentId} panel={panel} actions={actions} available={families.metrics > 0} />;
  }
}
