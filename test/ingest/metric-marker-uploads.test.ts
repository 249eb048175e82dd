// Metric exports and marker files through the real upload route; read back through the series
// and markers APIs and compared point by point with what the format's parser read from the file.
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/incidents/[id]/metrics/route";
import * as markersRoute from "@/app/api/incidents/[id]/markers/route";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import { labelKey } from "@/lib/ingest/ingest-metrics";
import { MARKER_FORMATS } from "@/lib/parsers/markers/markers-formats";
import type { Marker } from "@/lib/parsers/markers/marker-sink";
import { METRIC_FORMATS } from "@/lib/parsers/metrics/metric-formats";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const METRIC_FIXTURES = path.resolve("lib/parsers/metrics/fixtures");
const MARKER_FIXTURES = path.resolve("lib/parsers/markers/fixtures");
const EXPECTED_KIND: Record<string, string> = {
  "cloudwatch-get-metric-data.json": "cloudwatch-get-metric-data",
  "cloudwatch-get-metric-statistics.json": "cloudwatch-get-metric-statistics",
  "datadog-export.csv": "datadog-csv",
  "datadog-query.json": "datadog-query-json",
  "grafana-joined.csv": "grafana-csv",
  "grafana-series.csv": "grafana-csv",
  "influx.lp": "influx-line-protocol",
  "metrics.csv": "metrics-csv",
  "openmetrics.txt": "prometheus-text",
  "prometheus-text.txt": "prometheus-text",
  "prometheus-api-matrix.json": "prometheus-api-json",
  "prometheus-api-vector.json": "prometheus-api-json",
  "unbound-stats.txt": "unbound-stats",
  "k8s-events-list.json": "k8s-events",
  "k8s-events.jsonl": "k8s-events",
  "k8s-event-single.json": "k8s-events",
  "deploy-markers.csv": "deploy-markers-csv",
  "markers-simple.csv": "deploy-markers-csv",
  "deploy-markers.jsonl": "deploy-markers-json",
  "deploy-markers-array.json": "deploy-markers-json",
};

type Point = { name: string; key: string; t: number; v: number };

function parsePoints(file: string, kind: string): Point[] {
  const format = METRIC_FORMATS.find((f) => f.kind === kind)!;
  const out: Point[] = [];
  const p = format.create({ point: (s, t, v) => out.push({ name: s.name, key: labelKey(s.labels), t: Math.round(t), v }), warn() {}, reject() {} });
  p.write(readFileSync(file));
  p.end();
  return out;
}

describe("metric exports round-trip exactly", () => {
  const files = readdirSync(METRIC_FIXTURES).filter((f) => EXPECTED_KIND[f]);

  it("covers every metric fixture", () => expect(files.length).toBeGreaterThanOrEqual(12));

  it.each(files)("%s", async (name) => {
    const file = path.join(METRIC_FIXTURES, name);
    const incident = await newIncident(name);
    const res = await uploadFiles(incident, [file]);
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    expect(res.data.uploads[0]).toMatchObject({ kind: EXPECTED_KIND[name], status: "ready" });

    const expected = parsePoints(file, EXPECTED_KIND[name]!);
    expect(expected.length).toBeGreaterThan(0);
    expect(res.data.uploads[0].rowsParsed).toBe(expected.length);
    const catalog = await call(metricsRoute.GET, { params: { id: incident } });
    const names = [...new Set(expected.map((p) => p.name))].sort();
    expect(catalog.data.metrics.map((m: { name: string }) => m.name).sort()).toEqual(names);

    const from = Math.min(...expected.map((p) => p.t));
    const to = Math.max(...expected.map((p) => p.t)) + 1000;
    for (const metric of names) {
      const got = await call(seriesRoute.GET, { path: `/?name=${encodeURIComponent(metric)}&from=${from}&to=${to}&maxPoints=10000`, params: { id: incident, kind: "metrics" } });
      expect(got.status, JSON.stringify(got.data)).toBe(200);
      // Every exported point comes back with its value unchanged: at its own time when the
      // series are regular (raw mode), else in the bucket that holds it (one point per bucket).
      const series = new Map<string, Array<[number, number | null]>>(got.data.series.map((s: { key: string; points: Array<[number, number | null]> }) => [s.key, s.points]));
      for (const p of expected.filter((e) => e.name === metric)) {
        const points = series.get(p.key || metric);
        expect(points, `${metric} ${p.key}`).toBeDefined();
        const bucket = Math.floor(p.t / got.data.step) * got.data.step;
        const hit = points!.find(([t]) => t === p.t) ?? points!.find(([t]) => t === bucket);
        expect(hit?.[1], `${metric}{${p.key}} at ${p.t}`).toBe(p.v);
      }
    }
  });

  it("aggregates within a bucket (avg, max, min, sum, last) and returns raw points when step equals the interval", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-metrics-"));
    const csv = path.join(dir, "conntrack.csv");
    const t0 = 1_717_999_980_000; // a multiple of 30 s: buckets align to the step since the epoch
    const values = [13000, 13100, 60000, 59000, 61000, 12900];
    writeFileSync(csv, "time,metric,value,node\n" + values.map((v, i) => `${t0 + i * 15000},node_nf_conntrack_entries,${v},ip-10-0-1-5`).join("\n") + "\n");
    const incident = await newIncident("agg");
    expect((await uploadFiles(incident, [csv])).status).toBe(201);
    const q = (extra: string) => call(seriesRoute.GET, { path: `/?name=node_nf_conntrack_entries&from=${t0}&to=${t0 + 90000}&${extra}`, params: { id: incident, kind: "metrics" } });
    const at = async (extra: string) => (await q(extra)).data.series[0].points as Array<[number, number | null]>;
    expect(await at("step=30s&agg=avg")).toEqual([[t0, 13050], [t0 + 30000, 59500], [t0 + 60000, 36950]]);
    expect(await at("step=30s&agg=max")).toEqual([[t0, 13100], [t0 + 30000, 60000], [t0 + 60000, 61000]]);
    expect(await at("step=30s&agg=min")).toEqual([[t0, 13000], [t0 + 30000, 59000], [t0 + 60000, 12900]]);
    expect(await at("step=30s&agg=sum")).toEqual([[t0, 26100], [t0 + 30000, 119000], [t0 + 60000, 73900]]);
    expect(await at("step=30s&agg=last")).toEqual([[t0, 13100], [t0 + 30000, 59000], [t0 + 60000, 12900]]);
    const raw = await q("step=15s");
    expect(raw.data.step).toBe(15000);
    expect(raw.data.series[0].points).toEqual(values.map((v, i) => [t0 + i * 15000, v]));
    expect((await q("node=ip-10-0-1-5&step=15s")).data.series).toHaveLength(1);
    expect((await q("node=other&step=15s")).data.series).toHaveLength(0);
    expect((await call(seriesRoute.GET, { path: "/?agg=avg", params: { id: incident, kind: "metrics" } })).status).toBe(400);
  });
});

describe("marker files", () => {
  const files = readdirSync(MARKER_FIXTURES).filter((f) => EXPECTED_KIND[f]);

  it.each(files)("%s: markers carry the right times and labels", async (name) => {
    const file = path.join(MARKER_FIXTURES, name);
    const kind = EXPECTED_KIND[name]!;
    const expected: Marker[] = [];
    const parser = MARKER_FORMATS.find((f) => f.kind === kind)!.create({ marker: (m) => expected.push(m), warn() {}, reject() {} });
    parser.write(readFileSync(file));
    parser.end();
    expect(expected.length).toBeGreaterThan(0);

    const incident = await newIncident(name);
    const res = await uploadFiles(incident, [file]);
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    expect(res.data.uploads[0].kind).toBe(kind);
    const got = await call(markersRoute.GET, { params: { id: incident } });
    // Markers are stored at millisecond precision (k8s eventTime has microseconds).
    const ms = (t: number | null) => (t === null ? null : Math.floor(t));
    const simplify = (m: { ts: number; endTs: number | null; kind: string; label: string }) => `${ms(m.ts)}|${ms(m.endTs)}|${m.kind}|${m.label}`;
    expect(got.data.markers.map(simplify).sort()).toEqual(expected.map(simplify).sort());
  });

  it("adds markers by hand, validates them and lists them with the file ones", async () => {
    const incident = await newIncident("manual markers");
    const point = await call(markersRoute.POST, { method: "POST", params: { id: incident }, json: { ts: "2024-06-10T06:10:00Z", label: "resolv.conf rewritten", kind: "config" } });
    expect(point.status).toBe(201);
    expect(point.data).toMatchObject({ ts: 1717999800000, endTs: null, label: "resolv.conf rewritten", kind: "config", source: "manual" });
    const band = await call(markersRoute.POST, { method: "POST", params: { id: incident }, json: { ts: 1000, endTs: 5000, label: "job" } });
    expect(band.data).toMatchObject({ ts: 1000, endTs: 5000, kind: "note" });
    const bad = await call(markersRoute.POST, { method: "POST", params: { id: incident }, json: { ts: 5000, endTs: 1000, label: "" } });
    expect(bad.status).toBe(400);
    expect(bad.data.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["endTs", "label"]);
    const list = await call(markersRoute.GET, { params: { id: incident } });
    expect(list.data.markers.map((m: { label: string }) => m.label)).toEqual(["job", "resolv.conf rewritten"]);
  });
});
