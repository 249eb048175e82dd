// Conntrack pressure (docs/incidents.md, incident 1): the conntrack table near its limit
// (node_nf_conntrack_entries / node_nf_conntrack_entries_limit ≥ 80 %), a jump far above its own
// steady level (peak ≥ 2.5× the 20th percentile and ≥ 5,000 more, like 13k → 60k), or the ENA
// counter conntrack_allowance_exceeded increasing. Episodes of several nodes at the same time
// become one finding, lined up with the markers (rollouts) around it.
import { around, between, markerSentence, markersNear, n, pct } from "./describe";
import { instanceOf, metricPoints, typicalInterval, type MetricPoints } from "./metric-points";
import { increaseEpisodes, quantile, toRuns } from "./stats";
import type { DetectedFinding, Detector, DetectorContext } from "./types";

const FULL = 0.8;
const CRITICAL_FULL = 0.95;

interface Episode { kind: "pressure" | "allowance"; series: MetricPoints; from: number; to: number; peak: number; baseline: number; limit: number | null; increase: number }

function limitFor(entries: MetricPoints, limits: MetricPoints[]): MetricPoints | null {
  return limits.find((l) => l.labelKey === entries.labelKey) ?? limits.find((l) => instanceOf(l) === instanceOf(entries)) ?? (limits.length === 1 ? limits[0]! : null);
}

function pressure(s: MetricPoints, limit: MetricPoints | null): Episode[] {
  const values = s.points.map((p) => p[1]);
  const baseline = quantile(values, 0.2);
  const peak = Math.max(...values);
  const jump = peak >= 2.5 * baseline && peak - baseline >= 5000;
  const limitAt = (t: number) => {
    if (!limit?.points.length) return null;
    let v = limit.points[0]![1];
    for (const [lt, lv] of limit.points) if (lt <= t) v = lv;
    return v > 0 ? v : null;
  };
  const full = (t: number, v: number) => (limitAt(t) ?? Infinity) * FULL <= v;
  const flagged = s.points.filter(([t, v]) => full(t, v) || (jump && v >= baseline + 0.5 * (peak - baseline))).map(([t]) => t);
  const interval = typicalInterval(s.points);
  return toRuns(flagged, interval, 3 * interval).map((run) => {
    const inRun = s.points.filter(([t]) => t >= run.from && t < run.to);
    const top = inRun.reduce((a, p) => (p[1] > a[1] ? p : a), inRun[0]!);
    return { kind: "pressure", series: s, from: run.from, to: run.to, peak: top[1], baseline, limit: limitAt(top[0]), increase: 0 };
  });
}

function allowance(s: MetricPoints): Episode[] {
  return increaseEpisodes(s.points, 3 * typicalInterval(s.points)).map((e) => ({ kind: "allowance", series: s, ...e, peak: 0, baseline: 0, limit: null }));
}

/** Episodes of one kind that overlap (or come within a minute) across nodes. */
function cluster(episodes: Episode[]): Episode[][] {
  const clusters: Episode[][] = [];
  for (const e of [...episodes].sort((a, b) => a.from - b.from)) {
    const last = clusters[clusters.length - 1];
    if (last && e.from <= Math.max(...last.map((x) => x.to)) + 60_000) last.push(e);
    else clusters.push([e]);
  }
  return clusters;
}

function toFinding(ctx: DetectorContext, group: Episode[]): DetectedFinding {
  const from = Math.min(...group.map((e) => e.from));
  const to = Math.max(...group.map((e) => e.to));
  const instances = [...new Set(group.map((e) => instanceOf(e.series)))];
  const on = instances.length === 1 ? `on ${instances[0]}` : `on ${instances.length} nodes (${instances.slice(0, 3).join(", ")}${instances.length > 3 ? ", …" : ""})`;
  const markers = markersNear(ctx, from, to);
  const metric = group[0]!.series.name;
  const evidenceQuery = { ...around(from, to), name: metric, agg: "max", ...(instances.length === 1 && group[0]!.series.labels.instance ? { instance: group[0]!.series.labels.instance } : {}) };
  const base = { detector: "conntrack-pressure" as const, subject: metric, from, to };
  if (group[0]!.kind === "allowance") {
    const increase = group.reduce((a, e) => a + e.increase, 0);
    return {
      ...base,
      title: `Conntrack allowance exceeded: ${n(increase)} packets dropped`,
      explanation:
        `The ENA counter ${metric} rose by ${n(increase)} ${on} ${between(from, to)}: the instance's connection-tracking allowance ` +
        `was used up and packets of new connections (DNS included) were dropped.${markerSentence(markers)}`,
      severity: "critical",
      confidence: 0.95,
      evidence: { panel: "metrics", query: evidenceQuery, subject: { kind: "metric", value: metric }, metrics: [metric], markers, facts: { increase, nodes: instances.length } },
    };
  }
  const top = group.reduce((a, e) => (e.limit !== null && a.limit !== null ? (e.peak / e.limit > a.peak / a.limit ? e : a) : e.peak / Math.max(1, e.baseline) > a.peak / Math.max(1, a.baseline) ? e : a));
  const fullness = top.limit === null ? null : top.peak / top.limit;
  const isFull = fullness !== null && fullness >= FULL;
  const ofLimit = top.limit === null ? "" : ` — ${pct(fullness!)} of its limit of ${n(top.limit)}`;
  return {
    ...base,
    title: isFull ? `Conntrack table ${pct(fullness!)} full` : `Conntrack entries jumped from ${n(top.baseline)} to ${n(top.peak)}`,
    explanation:
      `${metric} ${isFull ? "reached" : `rose from a steady ${n(top.baseline)} to`} ${n(top.peak)}${ofLimit} ${on} ${between(from, to)}` +
      `${isFull ? "" : ` (${(top.peak / Math.max(1, top.baseline)).toFixed(1)}× its usual level)`}. Entries pile up when many connection attempts never ` +
      `complete (SYNs to addresses that do not answer); when the table or the instance's allowance is full, new connections are dropped.` +
      markerSentence(markers),
    severity: fullness !== null && fullness >= CRITICAL_FULL ? "critical" : "warning",
    confidence: isFull ? 0.9 : Math.min(0.9, 0.6 + (markers.length ? 0.2 : 0) + Math.min(0.1, (top.peak / Math.max(1, top.baseline) - 2.5) / 20)),
    evidence: {
      panel: "metrics", query: evidenceQuery, subject: { kind: "metric", value: metric }, metrics: [metric], markers,
      facts: { baseline: Math.round(top.baseline), peak: Math.round(top.peak), limit: top.limit, fullness: fullness === null ? null : Math.round(fullness * 1000) / 1000, nodes: instances.length },
    },
  };
}

export const conntrackPressure: Detector = {
  id: "conntrack-pressure",
  needs: ["metrics"],
  async detect(ctx) {
    const series = (await metricPoints(ctx, "conntrack")).filter((s) => s.points.length > 1);
    const entries = series.filter((s) => /(^|_)conntrack_entries$/.test(s.name));
    const limits = series.filter((s) => /(^|_)conntrack_(entries_limit|max)$/.test(s.name));
    const exceeded = series.filter((s) => /conntrack_allowance_exceeded/.test(s.name));
    const episodes = [...entries.flatMap((s) => pressure(s, limitFor(s, limits))), ...exceeded.flatMap(allowance)];
    const groups = [...cluster(episodes.filter((e) => e.kind === "pressure")), ...cluster(episodes.filter((e) => e.kind === "allowance"))];
    return groups.slice(0, 10).map((g) => toFinding(ctx, g));
  },
};
