"use client";
// A live, read-only timeline view inside a postmortem: loads the permalink, reads its range and
// panels from `view.query`, and draws each panel's series. Links back to the full timeline.
import { useQuery } from "@tanstack/react-query";
import { useSeries } from "@/components/timeline/use-series";
import { useMemo } from "react";
import { DNS_KEYS, embedRange, embedView, isStackedEmbed, type TEmbedPanel } from "@/lib/postmortem/embed-panels";
import { utc } from "@/lib/postmortem/timeline-block";
import type { TBaseline, TRange } from "@/lib/timeline/view-state";
import { baselineTotalKey, baselineView, withBaseline } from "@/lib/timeline/view/baseline";
import { pmApi } from "./api";
import { EmbedChart } from "./embed-chart";

function EmbedPanel({ incidentId, panel, range, baseline }: { incidentId: string; panel: TEmbedPanel; range: TRange | null; baseline: TBaseline | null }) {
  const { kind } = panel.spec;
  const q = useSeries(incidentId, panel.spec, embedRange(range), true);
  const own = q.data && kind === "dns" ? { ...q.data, series: q.data.series.filter((s) => DNS_KEYS.includes(s.key)) } : q.data;
  // Without a range of its own the view is the evidence's: the baseline is shifted from what came back.
  const domain = range ?? (q.data ? { from: q.data.from, to: q.data.to } : null);
  const shifted = baseline && domain ? baselineView(baseline, domain) : null;
  const b = useSeries(incidentId, panel.spec, embedRange(shifted?.range ?? null), shifted !== null);
  const data = useMemo(() => {
    if (!own || !shifted || !b.data) return own;
    const keys = own.series.map((s) => s.key);
    const stacked = isStackedEmbed(kind);
    return withBaseline(own, b.data, shifted.offset, keys, stacked ? baselineTotalKey(panel.id) : null, stacked ? `Total, ${shifted.label}` : shifted.label);
  }, [own, shifted?.offset, shifted?.label, b.data, kind, panel.id]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="pm-embed-panel" data-testid={`embed-panel-${kind}`}>
      <div className="pm-embed-title">{panel.title}</div>
      {q.isPending ? <p className="muted">Loading…</p> : q.isError ? <p className="error-text">{q.error.message}</p> : data && <EmbedChart kind={kind} data={data} />}
    </div>
  );
}

export function ViewEmbed({ slug }: { slug: string }) {
  const q = useQuery({ queryKey: ["permalink", slug], queryFn: () => pmApi.permalink(slug), staleTime: Infinity });
  const href = `/p/${encodeURIComponent(slug)}`;
  if (q.isPending) return <div className="pm-embed muted">Loading view {slug}…</div>;
  if (q.isError) {
    return (
      <div className="pm-embed" data-testid="view-embed">
        <p className="error-text">This timeline view ({slug}) could not be loaded: {q.error.message}</p>
      </div>
    );
  }
  const { range, panels, baseline } = embedView(q.data.view);
  return (
    <figure className="pm-embed" data-testid="view-embed" data-slug={slug}>
      <figcaption className="row">
        <span className="grow muted">{range ? `${utc(range.from)} – ${utc(range.to)} UTC` : "Whole evidence range"}</span>
        <a href={href}>Open in timeline ↗</a>
      </figcaption>
      {panels.map((p) => (
        <EmbedPanel key={p.id} incidentId={q.data.incidentId} panel={p} range={range} baseline={baseline} />
      ))}
    </figure>
  );
}
