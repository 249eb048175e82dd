// A top-talkers row turned into a panel filter: the flows panel shows only that address, pair,
// port or interface. Pure, so the sidebar and its tests share it.
import type { TTopFlowsQuery } from "@/lib/schemas/top-talkers";
import type { TFlowsPanel, TPanel } from "@/lib/timeline/view-state";
import { newPanel } from "./panels";

export type TFlowFilter = TFlowsPanel["filters"];

const PAIR_SEPARATOR = " -> ";

/** The flows-panel filter a row stands for; null where the panel has no such filter (protocol). */
export function talkerFilter(by: TTopFlowsQuery["by"], key: string): TFlowFilter | null {
  switch (by) {
    case "src":
      return { src: key };
    case "dst":
      return { dst: key };
    case "pair": {
      const [src, dst] = key.split(PAIR_SEPARATOR);
      return src && dst ? { src, dst } : null;
    }
    case "port":
      return /^\d{1,5}$/.test(key) ? { port: Number(key) } : null;
    case "interface":
      return key === "unknown" ? null : { iface: key };
    case "protocol":
      return null;
  }
}

export const describeFilter = (f: TFlowFilter) =>
  [f.src && `src ${f.src}`, f.dst && `dst ${f.dst}`, f.port !== undefined && `port ${f.port}`, f.iface && `interface ${f.iface}`].filter(Boolean).join(", ");

/**
 * The panels with the filter applied: on the first flows panel (its other options kept), or on a
 * new flows panel after the others when `asNewPanel` or when there is no flows panel yet.
 */
export function withFlowFilter(panels: TPanel[], filter: TFlowFilter, asNewPanel = false): TPanel[] {
  const target = asNewPanel ? undefined : panels.find((p): p is TFlowsPanel => p.type === "flows");
  if (target) return panels.map((p) => (p === target ? { ...target, filters: { ...filter } } : p));
  const added = newPanel("flows", panels) as TFlowsPanel;
  return [...panels, { ...added, filters: { ...filter } }];
}
