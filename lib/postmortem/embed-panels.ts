// What a permalinked view shows, as series requests: its range and panels from `view.query`
// (lib/timeline/view-state.ts). No panel info → one flows-by-flag panel. Pure.
import { parseView, type TPanel, type TRange } from "@/lib/timeline/view-state";

export type TEmbedKind = "flows" | "packets" | "dns" | "metrics";
export type TEmbedPanel = { id: string; kind: TEmbedKind; title: string; params: Record<string, string> };
export type TEmbedView = { range: TRange | null; panels: TEmbedPanel[] };

function toEmbed(p: TPanel): TEmbedPanel | null {
  const put = (o: Record<string, string | number | undefined>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  switch (p.type) {
    case "flows": {
      const { groupBy, metric } = p.options;
      const f = p.filters;
      return { id: p.id, kind: "flows", title: `${metric === "flows" ? "Flows" : `Flow ${metric}`} by ${groupBy}`, params: put({ groupBy, metric, src: f.src, dst: f.dst, port: f.port, interface: f.iface }) };
    }
    case "packets":
      return { id: p.id, kind: "packets", title: "Packets by TCP flag", params: { groupBy: "flag" } };
    case "dns":
      return { id: p.id, kind: "dns", title: "DNS latency (ms)", params: {} };
    case "metric":
      if (!p.options.name) return null;
      return { id: p.id, kind: "metrics", title: p.options.name, params: { ...p.filters.labels, name: p.options.name, agg: p.options.agg } };
  }
}

const DEFAULT_PANEL: TEmbedPanel = { id: "flows", kind: "flows", title: "Flows by flag", params: { groupBy: "flag", metric: "flows" } };

export function embedView(view: Record<string, unknown>): TEmbedView {
  const parsed = parseView(typeof view.query === "string" ? view.query.replace(/^\?/, "") : "");
  const panels = (parsed.panels ?? []).flatMap((p) => toEmbed(p) ?? []);
  return { range: parsed.range, panels: panels.length ? panels : [DEFAULT_PANEL] };
}

/** DNS embeds draw (and summarize) the percentiles only. */
export const DNS_KEYS = ["p50", "p90", "p99"];

/** Resolution of embedded charts; the export's numbers are read at the same resolution. */
export const EMBED_MAX_POINTS = 300;

/** The series request parameters of one embedded panel. */
export function seriesParams(panel: TEmbedPanel, range: TRange | null): Record<string, string> {
  return { ...panel.params, ...(range ? { from: String(range.from), to: String(range.to) } : {}), maxPoints: String(EMBED_MAX_POINTS) };
}
