// The numbers a live embed shows, for the Markdown export: peak per series and when (flows,
// packets, metrics), worst p50/p90/p99 for DNS. Computed with the same series functions the API uses.
import "server-only";
import { toPoints, type TSeriesResponse } from "@/lib/schemas/series";
import { loadSeries } from "@/lib/series/load";
import { formatDuration } from "@/lib/timeline/view/format-time";
import { DNS_KEYS, embedView, seriesParams, type TEmbedPanel } from "./embed-panels";
import { utc } from "./timeline-block";

function load(incidentId: string, panel: TEmbedPanel, params: Record<string, string>): Promise<TSeriesResponse> {
  return loadSeries(incidentId, panel.kind, params).then(toPoints);
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function peak(points: Array<[number, number | null]>): { t: number; v: number } | null {
  let best: { t: number; v: number } | null = null;
  for (const [t, v] of points) if (v !== null && (best === null || v > best.v)) best = { t, v };
  return best;
}

/** One markdown list item per non-empty series of one panel. */
export function summarizePanel(panel: TEmbedPanel, res: TSeriesResponse): string[] {
  const per = panel.kind === "dns" || panel.kind === "metrics" ? "" : ` per ${formatDuration(res.step)}`;
  const series = panel.kind === "dns" ? res.series.filter((s) => DNS_KEYS.includes(s.key)) : res.series;
  const lines = series.flatMap((s) => {
    const p = peak(s.points);
    if (!p || (p.v === 0 && panel.kind !== "metrics")) return [];
    const what = panel.kind === "dns" ? `max ${s.key}` : "peak";
    return [`  - ${s.label}: ${what} ${fmt(p.v)} ${s.unit}${per} at ${utc(p.t)} UTC`];
  });
  return [`- ${panel.title}${lines.length ? "" : ": no data in this range"}`, ...lines];
}

/** The export text for one embed: the permalink URL, the range, then the numbers per panel. */
export async function embedSummary(incidentId: string, view: Record<string, unknown>, url: string): Promise<string> {
  const { range, panels } = embedView(view);
  const out: string[] = [];
  let shown: { from: number; to: number } | null = range;
  for (const panel of panels) {
    try {
      const res = await load(incidentId, panel, seriesParams(panel, range));
      shown ??= { from: res.from, to: res.to };
      out.push(...summarizePanel(panel, res));
    } catch {
      out.push(`- ${panel.title}: could not be computed`);
    }
  }
  const when = shown ? ` (${utc(shown.from)} – ${utc(shown.to)} UTC)` : "";
  return [`**Timeline view:** [${url}](${url})${when}`, "", ...out].join("\n");
}
