"use client";

import { useId, useState, type FormEvent } from "react";
import { METRIC_AGGS } from "@/lib/schemas/series";
import type { TMetricPanel } from "@/lib/timeline/view-state";
import { MetricPicker } from "./metric-picker";
import { seriesColor } from "./palette";
import type { TPanelActions } from "./panel-shell";
import { Popover } from "./popover";
import { SeriesPanel, type TChartSpec } from "./series-panel";
import { useMetricList } from "./use-incident-data";

const CHARTS: TChartSpec[] = [
  // The title names the metric: series are told apart by their labels, `name{a="b"}` → `a="b"`.
  { id: "main", keys: () => true, height: 160, style: (key, i, scheme) => ({ color: seriesColor(key, scheme, i), kind: "line" }), label: (l) => /^[^{]+\{(.+)\}$/.exec(l)?.[1] ?? l },
];

type Props = { incidentId: string; panel: TMetricPanel; actions: TPanelActions; available: boolean };

export function MetricPanel({ incidentId, panel, actions, available }: Props) {
  const { name, agg } = panel.options;
  const labels = panel.filters.labels;
  const pick = (next: string) => actions.change({ ...panel, options: { ...panel.options, name: next }, filters: { labels: {} }, hidden: [] });
  const setLabels = (next: Record<string, string>) => actions.change({ ...panel, filters: { labels: next } });
  const list = useMetricList(incidentId, available && !!name);
  const suggestions = labelSuggestions(list.data?.find((m) => m.name === name)?.series ?? [], labels);

  const controls = (
    <>
      <Popover label={<span className="mono">{name ?? "Pick a metric"} ▾</span>} className="tl-small" testId="metric-picker">
        {(close) => <MetricPicker incidentId={incidentId} autoFocus onPick={(n) => (pick(n), close())} />}
      </Popover>
      <label className="tl-inline">
        Aggregate
        <select value={agg} onChange={(e) => actions.change({ ...panel, options: { ...panel.options, agg: e.target.value as TMetricPanel["options"]["agg"] } })} aria-label="Aggregate">
          {METRIC_AGGS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </label>
      {Object.entries(labels).map(([k, v]) => (
        <button key={k} type="button" className="tl-small on mono" title="Remove this label filter" onClick={() => setLabels(Object.fromEntries(Object.entries(labels).filter(([key]) => key !== k)))}>
          {k}=&quot;{v}&quot; ✕
        </button>
      ))}
      <LabelFilterForm suggestions={suggestions} onAdd={(k, v) => setLabels({ ...labels, [k]: v })} />
    </>
  );

  return (
    <SeriesPanel
      incidentId={incidentId}
      panel={panel}
      actions={actions}
      title={name ? (agg === "rate" ? `rate(${name})` : name) : "Metric"}
      noun={agg === "rate" ? "per-second rate, averaged" : agg}
      controls={controls}
      spec={{ kind: "metrics", filters: { name: name ?? "", agg, labels } }}
      missing={
        !available
          ? { title: "No metric exports yet", body: <span>Upload a metric export (Prometheus text or API JSON, OpenMetrics, CSV, Grafana CSV, CloudWatch, Datadog or Influx line protocol) to chart it here.</span> }
          : !name
            ? { title: "Pick a metric", body: <div className="tl-inline-picker"><MetricPicker incidentId={incidentId} onPick={pick} /></div> }
            : null
      }
      charts={CHARTS}
    />
  );
}

/** `label="value"` pairs present in the metric's series, minus filters already applied. */
function labelSuggestions(series: Array<{ labels: Record<string, string> }>, applied: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const s of series) for (const [k, v] of Object.entries(s.labels)) if (!(k in applied)) out.add(`${k}="${v}"`);
  return [...out].sort().slice(0, 300);
}

function LabelFilterForm({ suggestions, onAdd }: { suggestions: string[]; onAdd: (key: string, value: string) => void }) {
  const [text, setText] = useState("");
  const listId = useId();
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"?([^"]*)"?\s*$/.exec(text);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!m) return;
    onAdd(m[1]!, m[2]!);
    setText("");
  }
  return (
    <form onSubmit={submit} className="tl-inline">
      <input value={text} onChange={(e) => setText(e.target.value)} placeholder='label="value"' size={14} className="mono" aria-label="Add a label filter" aria-invalid={!!text && !m} list={listId} />
      <datalist id={listId}>
        {suggestions.map((s) => <option key={s} value={s} />)}
      </datalist>
    </form>
  );
}
