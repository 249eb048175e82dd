"use client";
// A live, read-only timeline view inside a postmortem: loads the permalink, reads its range and
// panels from `view.query`, and draws each panel's series. Links back to the full timeline.
import { useQuery } from "@tanstack/react-query";
import { useSeries } from "@/components/timeline/use-series";
import { DNS_KEYS, embedRange, embedView, type TEmbedPanel } from "@/lib/postmortem/embed-panels";
import { utc } from "@/lib/postmortem/timeline-block";
import type { TRange } from "@/lib/timeline/view-state";
import { pmApi } from "./api";
import { EmbedChart } from "./embed-chart";

function EmbedPanel({ incidentId, panel, range }: { incidentId: string; panel: TEmbedPanel; range: TRange | null }) {
  const { kind } = panel.spec;
  const q = useSeries(incidentId, panel.spec, embedRange(range), true);
  const data = q.data && kind === "dns" ? { ...q.data, series: q.data.series.filter((s) => DNS_KEYS.includes(s.key)) } : q.data;
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
  const { range, panels } = embedView(q.data.view);
  return (
    <figure className="pm-embed" data-testid="view-embed" data-slug={slug}>
      <figcaption className="row">
        <span className="grow muted">{range ? `${utc(range.from)} – ${utc(range.to)} UTC` : "Whole evidence range"}</span>
        <a href={href}>Open in timeline ↗</a>
      </figcaption>
      {panels.map((p) => (
        <EmbedPanel key={p.id} incidentId={q.data.incidentId} panel={p} range={range} />
      ))}
    </figure>
  );
}
