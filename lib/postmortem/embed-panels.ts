// What a permalinked view shows, as series requests: its range and panels from `view.query`
// (lib/timeline/view-state.ts). No panel info → one flows-by-flag panel. Pure.
import { DNS_PERCENTILE_KEYS, type TRangeQuery, type TSeriesKind, type TSeriesSpec } from "@/lib/schemas/series";
import { parseView, type TBaseline, type TPanel, type TRange } from "@/lib/timeline/view-state";
import { normalizeSeries, seriesUrlParams, type TSeriesKey } from "@/lib/timeline/view/series-query";

export type TEmbedKind = TSeriesKind;
export type TEmbedPanel = { id: string; title: string; spec: TSeriesSpec };
export type TEmbedView = { range: TRange | null; panels: TEmbedPanel[]; baseline: TBaseline | null };

function toEmbed(p: TPanel): TEmbedPanel | null {
  switch (p.type) {
    case "flows": {
      const { groupBy, metric } = p.options;
      const f = p.filters;
      return { id: p.id, title: `${metric === "flows" ? "Flows" : `Flow ${metric}`} by ${groupBy}`, spec: { kind: "flows", filters: { groupBy, metric, src: f.src, dst: f.dst, port: f.port, interface: f.iface } } };
    }
    case "packets":
      return { id: p.id, title: "Packets by TCP flag", spec: { kind: "packets", filters: { groupBy: "flag" } } };
    case "dns":
      return { id: p.id, title: "DNS latency (ms)", spec: { kind: "dns", filters: { ...p.filters } } };
    case "metric":
      if (!p.options.name) return null;
      return { id: p.id, title: p.options.name, spec: { kind: "metrics", filters: { name: p.options.name, agg: p.options.agg, labels: p.filters.labels } } };
  }
}

const DEFAULT_PANEL: TEmbedPanel = { id: "flows", title: "Flows by flag", spec: { kind: "flows", filters: { groupBy: "flag", metric: "flows" } } };

export function embedView(view: Record<string, unknown>): TEmbedView {
  const parsed = parseView(typeof view.query === "string" ? view.query.replace(/^\?/, "") : "");
  const panels = (parsed.panels ?? []).flatMap((p) => toEmbed(p) ?? []);
  return { range: parsed.range, panels: panels.length ? panels : [DEFAULT_PANEL], baseline: parsed.baseline };
}

/** Stacked embeds (counts) compare their total with the baseline, line embeds each series. */
export const isStackedEmbed = (kind: TEmbedKind) => kind === "flows" || kind === "packets";

/** DNS embeds draw (and summarize) the percentiles only. */
export const DNS_KEYS: readonly string[] = DNS_PERCENTILE_KEYS;

/** Resolution of embedded charts; the export's numbers are read at the same resolution. */
export const EMBED_MAX_POINTS = 300;

/** The range and resolution of an embed's series (null: the evidence range). */
export const embedRange = (range: TRange | null): TRangeQuery => ({ ...(range ?? {}), maxPoints: EMBED_MAX_POINTS });

/** The series request of one embedded panel. */
export const embedRequest = (panel: TEmbedPanel, range: TRange | null): TSeriesKey => normalizeSeries(panel.spec, embedRange(range));

/** Its URL parameters, as the series API reads them. */
export const seriesParams = (panel: TEmbedPanel, range: TRange | null) => seriesUrlParams(embedRequest(panel, range));
