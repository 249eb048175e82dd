// The numbers a live embed shows, for the Markdown export: peak per series and when (flows,
// packets, metrics), worst p50/p90/p99 for DNS. Computed with the same series functions the API uses.
import "server-only";
import type { TSeriesColumns } from "@/lib/schemas/series";
import { loadSeries } from "@/lib/series/load";
import { baselineView, type TBaselineView } from "@/lib/timeline/view/baseline";
import { formatDuration } from "@/lib/timeline/view/format-time";
import { DNS_KEYS, embedView, seriesParams, type TEmbedPanel } from "./embed-panels";
import { utc } from "./timeline-block";

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function peak(t: number[], values: Array<number | null>): { t: number; v: number } | null {
  let best: { t: number; v: number } | null = null;
  for (let i = 0; i < t.length; i++) {
    const v = values[i] ?? null;
    if (v !== null && (best === null || v > best.v)) best = { t: t[i]!, v };
  }
  return best;
}

/** One markdown list item per non-empty series of one panel; with a baseline, its peak beside. */
export function summarizePanel(panel: TEmbedPanel, res: TSeriesColumns, base?: { res: TSeriesColumns; label: string }): string[] {
  const { kind } = panel.spec;
  const per = kind === "dns" || kind === "metrics" ? "" : ` per ${formatDuration(res.step)}`;
  const series = kind === "dns" ? res.series.filter((s) => DNS_KEYS.includes(s.key)) : res.series;
  const lines = series.flatMap((s) => {
    const p = peak(res.t, s.values);
    if (!p || (p.v === 0 && kind !== "metrics")) return [];
    const what = kind === "dns" ? `max ${s.key}` : "peak";
    const b = base?.res.series.find((x) => x.key === s.key);
    const bp = b ? peak(base!.res.t, b.values) : null;
    const beside = base ? ` (baseline, ${base.label}: ${bp ? `${what} ${fmt(bp.v)}` : "no data"})` : "";
    return [`  - ${s.label}: ${what} ${fmt(p.v)} ${s.unit}${per} at ${utc(p.t)} UTC${beside}`];
  });
  return [`- ${panel.title}${lines.length ? "" : ": no data in this range"}`, ...lines];
}

/** The export text for one embed: the permalink URL, the range, then the numbers per panel. */
export async function embedSummary(incidentId: string, view: Record<string, unknown>, url: string): Promise<string> {
  const { range, panels, baseline } = embedView(view);
  const out: string[] = [];
  let shown: { from: number; to: number } | null = range;
  for (const panel of panels) {
    try {
      const res = await loadSeries(incidentId, panel.spec.kind, seriesParams(panel, range));
      shown ??= { from: res.from, to: res.to };
      const b: TBaselineView | null = baseline ? baselineView(baseline, range ?? { from: res.from, to: res.to }) : null;
      const base = b ? { res: await loadSeries(incidentId, panel.spec.kind, seriesParams(panel, b.range)), label: b.label } : undefined;
      out.push(...summarizePanel(panel, res, base));
    } catch {
      out.push(`- ${panel.title}: could not be computed`);
    }
  }
  const when = shown ? ` (${utc(shown.from)} – ${utc(shown.to)} UTC)` : "";
  return [`**Timeline view:** [${url}](${url})${when}`, "", ...out].join("\n");
}
