"use client";

// Who is talking in the timeline's range: the top rows of the flows, the DNS transactions or the
// metrics, with each row's share, its shape over the range and, against a baseline, its change.
// A flows row is one click from being the flows panel's filter (or a new panel's), kept in the URL.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { currentPanels } from "@/components/timeline/current-panels";
import { BaselineSelect } from "@/components/timeline/baseline-select";
import { goToView } from "@/components/timeline/go-to-view";
import { familyCounts, useEvidence, useMetricsByChange } from "@/components/timeline/use-incident-data";
import { retryServerErrors } from "@/components/timeline/use-series";
import { apiFetch } from "@/lib/client/api";
import { TOP_DNS_BY, TOP_DNS_METRICS, TOP_FLOWS_BY, TOP_FLOWS_METRICS, type TTopAnswer, type TTopDnsQuery, type TTopFlowsQuery, type TTopRow } from "@/lib/schemas/top-talkers";
import { parseView, type TBaseline, type TView } from "@/lib/timeline/view-state";
import { formatInstant } from "@/lib/timeline/view/format-time";
import { newPanel } from "@/lib/timeline/view/panels";
import { describeDnsFilter, describeFilter, dnsTalkerFilter, talkerFilter, withPanelFilter, type TDnsFilter, type TFlowFilter } from "@/lib/timeline/view/talker-filter";
import { Sparkline } from "./sparkline";

type TTab = "flows" | "dns" | "metrics";

const BY_LABELS: Record<string, string> = {
  src: "Source", dst: "Destination", pair: "Pair", port: "Port", interface: "Interface", protocol: "Protocol",
  qname: "Query name", client: "Client", resolver: "Resolver", qtype: "Query type", rcode: "Rcode",
};
const METRIC_LABELS: Record<string, string> = {
  flows: "flows", packets: "packets", bytes: "bytes", syn: "SYN-only flows", reject: "REJECTs", rst: "RST flows",
  queries: "queries", unanswered: "unanswered", servfail: "SERVFAIL", nxdomain: "NXDOMAIN", slow: "answers > 1 s", p90: "p90 latency (ms)",
};
const SPARK_BUCKETS = 24;
const LIMIT = 10;

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const fmt = (v: number) => (Math.abs(v) >= 10_000 ? compact.format(v) : Number.isInteger(v) ? String(v) : v.toFixed(1));
const pct = (share: number) => `${(share * 100).toFixed(share >= 0.1 ? 0 : 1)}%`;
const changeText = (r: TTopRow) => (r.change === null ? "new" : r.change === undefined ? "" : r.change >= 10 ? `×${Math.round(r.change)}` : `×${r.change.toFixed(1)}`);

function baselineParams(b: TBaseline | null): string {
  if (!b) return "";
  return "shift" in b ? `&baseline=${b.shift}` : `&baselineFrom=${b.from}&baselineTo=${b.to}`;
}

export function TopTalkers({ incidentId, readOnly }: { incidentId: string; readOnly: boolean }) {
  const view = parseView(useSearchParams().toString());
  const families = familyCounts(useEvidence(incidentId).data);
  const tabs = (["flows", "dns", "metrics"] as const).filter((t) => (t === "flows" ? families.flows : t === "dns" ? families.captures : families.metrics) > 0);
  const [picked, setTab] = useState<TTab | null>(null);
  const tab = picked && tabs.includes(picked) ? picked : tabs[0];
  if (!tab) {
    return (
      <section className="card stack" aria-label="Top talkers">
        <h2>Top talkers</h2>
        <p className="muted" style={{ margin: 0 }}>Upload flow logs, captures or metric exports to see who is talking in the range.</p>
      </section>
    );
  }
  return (
    <section className="card stack talkers" aria-label="Top talkers">
      <div className="row">
        <h2 className="grow" style={{ margin: 0 }}>Top talkers</h2>
        <span className="muted small" data-testid="talkers-range">{view.range ? `${formatInstant(view.range.from, view.tz)} – ${formatInstant(view.range.to, view.tz)}` : "whole evidence"}</span>
      </div>
      <div role="tablist" aria-label="Evidence" className="talkers-tabs">
        {tabs.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={t === tab} className={t === tab ? "tab on" : "tab"} onClick={() => setTab(t)}>
            {t === "flows" ? "Flows" : t === "dns" ? "DNS" : "Metrics"}
          </button>
        ))}
      </div>
      {tab === "metrics" ? <MetricMovers incidentId={incidentId} view={view} readOnly={readOnly} /> : <Ranking key={tab} kind={tab} incidentId={incidentId} view={view} />}
    </section>
  );
}

// Filtering is exploring, not editing: a shared (read-only) view may be filtered too.
function Ranking({ kind, incidentId, view }: { kind: "flows" | "dns"; incidentId: string; view: TView }) {
  const evidenceRange = useEvidence(incidentId).data?.range ?? null;
  const byOptions = kind === "flows" ? TOP_FLOWS_BY : TOP_DNS_BY;
  const metricOptions = kind === "flows" ? TOP_FLOWS_METRICS : TOP_DNS_METRICS;
  const [by, setBy] = useState<string>(kind === "flows" ? "dst" : "qname");
  const [metric, setMetric] = useState<string>(metricOptions[0]);
  const [byChange, setByChange] = useState(false);
  const baseline = view.baseline;
  const rank = byChange && baseline ? "change" : "value";
  const range = view.range;
  const query = `by=${by}&metric=${metric}&limit=${LIMIT}&spark=${SPARK_BUCKETS}&rank=${rank}${range ? `&from=${range.from}&to=${range.to}` : ""}${baselineParams(baseline)}`;
  const answer = useQuery({
    queryKey: ["evidence", incidentId, "top", kind, query],
    queryFn: ({ signal }) => apiFetch<TTopAnswer>(`/api/incidents/${incidentId}/top/${kind}?${query}`, { signal }),
    placeholderData: keepPreviousData,
    retry: retryServerErrors,
  });
  const panelType = kind === "flows" ? "flows" : "dns";
  const active = activeFilter(view, panelType);
  const rows = answer.data?.rows ?? [];
  const covered = answer.data?.baseline?.covered;
  const caption = `Top ${BY_LABELS[by]!.toLowerCase()}s by ${METRIC_LABELS[metric]}`;
  return (
    <>
      <div className="row wrap talkers-controls">
        <label className="field inline">By
          <select aria-label="Rank by" value={by} onChange={(e) => setBy(e.target.value)}>
            {byOptions.map((b) => <option key={b} value={b}>{BY_LABELS[b]}</option>)}
          </select>
        </label>
        <label className="field inline">Of
          <select aria-label="Metric" value={metric} onChange={(e) => setMetric(e.target.value)}>
            {metricOptions.map((m) => <option key={m} value={m}>{METRIC_LABELS[m]}</option>)}
          </select>
        </label>
        <label className="field inline">vs
          <BaselineSelect value={baseline} onChange={(b) => goToView((v) => ({ ...v, baseline: b }))} domain={range ?? evidenceRange ?? { from: 0, to: 1 }} tz={view.tz} />
        </label>
        <label className="inline-check" title={baseline ? "New keys and those that grew most first" : "Choose a baseline to rank by change"}>
          <input type="checkbox" checked={byChange && !!baseline} disabled={!baseline} onChange={(e) => setByChange(e.target.checked)} /> by change
        </label>
      </div>
      {answer.error ? (
        <p role="alert" className="error small">{answer.error.message}</p>
      ) : answer.isPending ? (
        <p className="muted small" aria-busy="true">Ranking…</p>
      ) : rows.length === 0 ? (
        <p className="muted small" data-testid="talkers-empty">Nothing in this range. Zoom out, or pick another metric.</p>
      ) : (
        <table className="data talkers-table" aria-label={caption} data-fetching={answer.isFetching ? "true" : "false"}>
          <thead>
            <tr>
              <th scope="col">{BY_LABELS[by]}</th>
              <th scope="col" className="num">{metric === "p90" ? "ms" : "Value"}</th>
              {metric !== "p90" && <th scope="col" className="talker-share">Share</th>}
              <th scope="col" className="talker-spark"><span className="sr-only">Over the range</span></th>
              {baseline && <th scope="col" className="num" title={covered === 0 ? "The evidence does not cover the baseline" : "Against the baseline"}>Change</th>}
              <th scope="col" className="talker-plus"><span className="sr-only">New panel</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const filter: TFlowFilter | TDnsFilter | null = kind === "flows" ? talkerFilter(by as TTopFlowsQuery["by"], r.key) : dnsTalkerFilter(by as TTopDnsQuery["by"], r.key);
              const on = filter !== null && active !== null && sameFilter(filter, active);
              const what = filter ? (kind === "flows" ? describeFilter(filter as TFlowFilter) : describeDnsFilter(filter as TDnsFilter)) : "";
              return (
                <tr key={r.key} className={on ? "on" : undefined} data-testid="talker-row" data-key={r.key}>
                  <th scope="row" className="talker-key">
                    {filter ? (
                      <button type="button" className="link" aria-pressed={on} title={on ? `Clear the ${panelType} panel's filter` : `Filter the ${panelType} panel to ${what}`} onClick={() => applyFilter(panelType, on ? {} : filter)}>
                        {r.label}
                      </button>
                    ) : (
                      <span title={r.key}>{r.label}</span>
                    )}
                  </th>
                  <td className="num">{fmt(r.value)}</td>
                  {metric !== "p90" && (
                    <td className="talker-share" data-testid="talker-share">
                      <span className="share-bar" style={{ width: `${Math.round((r.share ?? 0) * 100)}%` }} aria-hidden />
                      <span>{r.share !== null ? pct(r.share) : ""}</span>
                    </td>
                  )}
                  <td className="talker-spark"><Sparkline values={r.spark ?? []} width={44} /></td>
                  {baseline && <td className="num" title={r.baseline !== undefined ? `baseline ${fmt(r.baseline)}` : undefined} data-testid="talker-change">{changeText(r)}</td>}
                  <td className="talker-plus">
                    {filter && <button type="button" className="tl-icon" aria-label={`New ${panelType} panel for ${what}`} title={`Open in a new ${panelType} panel`} onClick={() => applyFilter(panelType, filter, true)}>+</button>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {baseline && covered === 0 && <p className="muted small">The evidence does not cover the baseline range: every key reads as new.</p>}
    </>
  );
}

function MetricMovers({ incidentId, view, readOnly }: { incidentId: string; view: TView; readOnly: boolean }) {
  const ranked = useMetricsByChange(incidentId, view.range, true);
  const list = useMemo(() => (ranked.data ?? []).filter((m) => (m.change ?? 0) > 0).slice(0, LIMIT), [ranked.data]);
  if (ranked.isPending) return <p className="muted small" aria-busy="true">Ranking…</p>;
  if (list.length === 0) return <p className="muted small">No metric moved in this range.</p>;
  return (
    <table className="data talkers-table" aria-label="Metrics that moved most">
      <thead><tr><th scope="col">Metric</th><th scope="col" className="num" title="(max − min) / |mean| of its most-moving series">Change</th></tr></thead>
      <tbody>
        {list.map((m) => (
          <tr key={m.name} data-testid="talker-row" data-key={m.name}>
            <th scope="row" className="talker-key">
              {readOnly ? m.name : <button type="button" className="link" title="Chart it in a new panel" onClick={() => addMetricPanel(m.name)}>{m.name}</button>}
            </th>
            <td className="num">{fmt(m.change ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The filter of the first panel of the type, if any: the row it came from is shown as active. */
function activeFilter(view: TView, type: "flows" | "dns"): TFlowFilter | TDnsFilter | null {
  const panel = (view.panels ?? currentPanels()).find((p) => p.type === type);
  return panel && (panel.type === "flows" || panel.type === "dns") ? panel.filters : null;
}

/** Same keys with the same values (a filter's absent keys are undefined on both sides). */
function sameFilter(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

function applyFilter(type: "flows" | "dns", filter: TFlowFilter | TDnsFilter, asNewPanel = false) {
  goToView((v) => ({ ...v, panels: withPanelFilter(v.panels ?? currentPanels(), type, filter, asNewPanel) }));
}

function addMetricPanel(name: string) {
  goToView((v) => {
    const panels = v.panels ?? currentPanels();
    return { ...v, panels: [...panels, newPanel("metric", panels, name)] };
  });
}
