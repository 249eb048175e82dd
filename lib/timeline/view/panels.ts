// Panel lists: defaults from the evidence present, new ids, and list edits. Pure.
import { defaultAgg } from "@/lib/metric-kind";
import type { TPanel, TPanelType } from "@/lib/timeline/view-state";

export type TFamilies = { flows: number; captures: number; metrics: number; markers: number };

export const PANEL_TITLES: Record<TPanelType, string> = {
  flows: "Flows by TCP flag",
  packets: "Capture packets by flag",
  dns: "DNS latency",
  metric: "Metric",
};

export function nextPanelId(type: TPanelType, existing: TPanel[]): string {
  const ids = new Set(existing.map((p) => p.id));
  if (!ids.has(type)) return type;
  for (let n = 2; ; n++) if (!ids.has(`${type}-${n}`)) return `${type}-${n}`;
}

export function newPanel(type: TPanelType, existing: TPanel[], metricName: string | null = null): TPanel {
  const base = { id: nextPanelId(type, existing), collapsed: false, hidden: [] as string[] };
  switch (type) {
    case "flows":
      return { ...base, type, options: { groupBy: "flag", metric: "flows" }, filters: {} };
    case "packets":
      return { ...base, type, options: {}, filters: {} };
    case "dns":
      return { ...base, type, options: { scale: "log" }, filters: {} };
    case "metric":
      return { ...base, type, options: { name: metricName, agg: metricName ? defaultAgg(metricName) : "avg" }, filters: { labels: {} } };
  }
}

export const DEFAULT_METRIC_PANELS = 3;

/**
 * The metrics worth a panel before anyone asks: those the findings point at (most severe finding
 * first), then the ones that moved most (`ranked` comes sorted by change), DEFAULT_METRIC_PANELS
 * in all.
 */
export function relevantMetrics(ranked: string[], implicated: string[]): string[] {
  const known = new Set(ranked);
  return [...new Set([...implicated.filter((n) => known.has(n)), ...ranked])].slice(0, DEFAULT_METRIC_PANELS);
}

/**
 * One panel per kind of evidence present (a fresh incident gets none); metrics get a panel for
 * each of `metricNames` (see relevantMetrics), or one panel with a picker while they are unknown.
 */
export function defaultPanels(f: TFamilies, metricNames: string[] = []): TPanel[] {
  const panels: TPanel[] = [];
  const add = (type: TPanelType, name: string | null = null) => panels.push(newPanel(type, panels, name));
  if (f.flows > 0) add("flows");
  if (f.captures > 0) {
    add("packets");
    add("dns");
  }
  if (f.metrics > 0) {
    if (metricNames.length) for (const name of metricNames) add("metric", name);
    else add("metric");
  }
  return panels;
}

export function movePanel(panels: TPanel[], id: string, delta: number): TPanel[] {
  const i = panels.findIndex((p) => p.id === id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= panels.length) return panels;
  const next = [...panels];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}

export const removePanel = (panels: TPanel[], id: string) => panels.filter((p) => p.id !== id);
export const replacePanel = (panels: TPanel[], next: TPanel) => panels.map((p) => (p.id === next.id ? next : p));

/** Legend toggle: click shows/hides one series; `solo` shows only it (or everything again). */
export function toggleHidden(hidden: string[], key: string, allKeys: string[], solo: boolean): string[] {
  if (solo) {
    const onlyThis = allKeys.filter((k) => k !== key);
    const alreadySolo = onlyThis.every((k) => hidden.includes(k)) && !hidden.includes(key);
    return alreadySolo ? [] : onlyThis;
  }
  return hidden.includes(key) ? hidden.filter((k) => k !== key) : [...hidden, key];
}
