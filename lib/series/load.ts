// One entry point for every series kind: its URL parameters parsed by the kind's schema, then its
// query. Used by the series route and the postmortem export, so both answer the same.
import "server-only";
import { db } from "@/lib/db";
import { CAPTURE_KINDS, FLOW_KINDS, METRIC_KINDS } from "@/lib/evidence/families";
import { parseMetricQuery, ZDnsSeriesQuery, ZPacketSeriesQuery, type TSeriesColumns, type TSeriesKind, type TSeriesSource } from "@/lib/schemas/series";
import { dnsSeries, packetSeries } from "./capture-series";
import { flowSeries, ZFlowSeriesQueryChecked } from "./flow-series";
import { metricSeries } from "./metric-series";

/** The answer, and which of its uploads run on a changed clock (so a chart can say "shifted +2.4 s"). */
export async function loadSeries(incidentId: string, kind: TSeriesKind, params: Record<string, string>): Promise<TSeriesColumns> {
  const [answer, sources] = await Promise.all([querySeries(incidentId, kind, params), shiftedSources(incidentId, SERIES_FAMILY_KINDS[kind])]);
  return sources.length ? { ...answer, sources } : answer;
}

const SERIES_FAMILY_KINDS: Record<TSeriesKind, string[]> = { flows: FLOW_KINDS, packets: CAPTURE_KINDS, dns: CAPTURE_KINDS, metrics: METRIC_KINDS };

async function shiftedSources(incidentId: string, kinds: string[]): Promise<TSeriesSource[]> {
  const rows = await db.prisma.upload.findMany({
    where: { incidentId, status: "ready", kind: { in: kinds }, OR: [{ clockOffsetMs: { not: 0 } }, { timeZone: { not: null } }] },
    select: { id: true, filename: true, clockOffsetMs: true, timeZone: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({ uploadId: r.id, filename: r.filename, clockOffsetMs: r.clockOffsetMs, timeZone: r.timeZone }));
}

function querySeries(incidentId: string, kind: TSeriesKind, params: Record<string, string>): Promise<TSeriesColumns> {
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
