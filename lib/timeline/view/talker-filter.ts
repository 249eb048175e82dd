// A top-talkers row turned into a panel filter: the flows panel shows only that address, pair,
// port or interface; the DNS panel only that client, resolver, name, type or rcode. Pure, so the
// sidebar and its tests share it.
import { qtypeName, rcodeName } from "@/lib/schemas/dns-codes";
import type { TTopDnsQuery, TTopFlowsQuery } from "@/lib/schemas/top-talkers";
import type { TDnsPanel, TFlowsPanel, TPanel } from "@/lib/timeline/view-state";
import { newPanel } from "./panels";

export type TFlowFilter = TFlowsPanel["filters"];
export type TDnsFilter = TDnsPanel["filters"];

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
 * The panels with the filter applied: on the first panel of its type (its other options kept), or
 * on a new panel of that type after the others when `asNewPanel` or when there is none yet.
 */
export function withPanelFilter(panels: TPanel[], type: "flows" | "dns", filter: TFlowFilter | TDnsFilter, asNewPanel = false): TPanel[] {
  const target = asNewPanel ? undefined : panels.find((p) => p.type === type);
  const filtered = (p: TPanel) => ({ ...p, filters: { ...filter } }) as TPanel;
  if (target) return panels.map((p) => (p === target ? filtered(target) : p));
  return [...panels, filtered(newPanel(type, panels))];
}

/** The DNS-panel filter a DNS row stands for; null for a key the filter cannot name ("no name", "none"). */
export function dnsTalkerFilter(by: TTopDnsQuery["by"], key: string): TDnsFilter | null {
  switch (by) {
    case "qname":
      return key === "" ? null : { qname: key };
    case "client":
      return { client: key };
    case "resolver":
      return { resolver: key };
    case "qtype":
      return /^\d+$/.test(key) ? { qtype: Number(key) } : null;
    case "rcode":
      return /^\d+$/.test(key) ? { rcode: Number(key) } : null;
  }
}

export const describeDnsFilter = (f: TDnsFilter) =>
  [
    f.client && `client ${f.client}`, f.resolver && `resolver ${f.resolver}`, f.qname && `name ${f.qname}`,
    f.qtype !== undefined && `type ${qtypeName(f.qtype)}`, f.rcode !== undefined && `rcode ${rcodeName(f.rcode)}`,
  ].filter(Boolean).join(", ");
