// One entry point for every series kind: its URL parameters parsed by the kind's schema, then its
// query. Used by the series route and the postmortem export, so both answer the same.
import "server-only";
import { parseMetricQuery, ZDnsSeriesQuery, ZPacketSeriesQuery, type TSeriesColumns, type TSeriesKind } from "@/lib/schemas/series";
import { dnsSeries, packetSeries } from "./capture-series";
import { flowSeries, ZFlowSeriesQueryChecked } from "./flow-series";
import { metricSeries } from "./metric-series";

export function loadSeries(incidentId: string, kind: TSeriesKind, params: Record<string, string>): Promise<TSeriesColumns> {
  switch (kind) {
    case "flows":
      return flowSeries(incidentId, ZFlowSeriesQueryChecked.parse(params));
    case "packets":
      return packetSeries(incidentId, ZPacketSeriesQuery.parse(params));
    case "dns":
      return dnsSeries(incidentId, ZDnsSeriesQuery.parse(params));
    case "metrics":
      return metricSeries(incidentId, parseMetricQuery(params));
  }
}
