// Counters are drawn as per-second rates (resets counted from zero), the metric list says which
// metrics are counters, and `rank=change` puts the metric that moved first.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/incidents/[id]/metrics/route";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const T0 = Date.UTC(2026, 10, 10, 14, 0, 0);
// requests_total every 10 s: +100 per sample, a restart (reset) at the fifth sample, then +100 again.
const COUNTER = [0, 100, 200, 300, 50, 150, 250];
// queue_depth sits at 5 and jumps to 50 at the fourth sample; temperature barely moves.
const JUMPY = [5, 5, 5, 50, 50, 5, 5];
const STEADY = [40, 40.5, 40, 40.2, 40.1, 40, 40.3];

let incident: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-rate-"));
  const file = path.join(dir, "node.prom");
  const line = (name: string, values: number[]) => values.map((v, i) => `${name}{instance="a"} ${v} ${T0 + i * 10_000}`).join("\n");
  writeFileSync(file, [
    "# TYPE requests_total counter", line("requests_total", COUNTER),
    "# TYPE queue_depth gauge", line("queue_depth", JUMPY),
    "# TYPE temperature gauge", line("temperature", STEADY),
  ].join("\n") + "\n");
  incident = await newIncident("metric rates");
  const res = await uploadFiles(incident, [file]);
  expect(res.status, JSON.stringify(res.data)).toBe(201);
  expect(res.data.uploads[0].status).toBe("ready");
});

const series = (query: string) => call(seriesRoute.GET, { path: `/api/incidents/${incident}/series/metrics?${query}`, params: { id: incident, kind: "metrics" } });
const range = `from=${T0}&to=${T0 + 70_000}`;

describe("counters as rates", () => {
  it("answers each sample's per-second increase, a reset counting from zero", async () => {
    const res = await series(`name=requests_total&agg=rate&${range}&step=10s`);
    expect(res.status).toBe(200);
    const [s] = res.data.series;
    expect(s.unit).toBe("/s");
    // At the export's own interval, one rate per sample: the first has nothing before it, so none;
    // 50 after 300 is a restart, 50 new requests in 10 s.
    expect(s.points).toEqual([10, 10, 10, 5, 10, 10].map((v, i) => [T0 + (i + 1) * 10_000, v]));
  });

  it("averages the rates of the samples in a bucket", async () => {
    const res = await series(`name=requests_total&agg=rate&${range}&step=30s`);
    expect(res.data.series[0].points.map((p: [number, number | null]) => p[1])).toEqual([10, (10 + 5 + 10) / 3, 10]);
  });
});

describe("GET /api/incidents/:id/metrics", () => {
  it("says which metrics are counters", async () => {
    const res = await call(metricsRoute.GET, { path: `/api/incidents/${incident}/metrics`, params: { id: incident } });
    expect(res.data.metrics.map((m: { name: string; kind: string }) => [m.name, m.kind])).toEqual([["queue_depth", "gauge"], ["requests_total", "counter"], ["temperature", "gauge"]]);
  });

  it("ranks by change in a range: the jump first, the steady gauge last, a counter by its rate", async () => {
    const res = await call(metricsRoute.GET, { path: `/api/incidents/${incident}/metrics?rank=change&${range}`, params: { id: incident } });
    const ranked = res.data.metrics.map((m: { name: string; change: number }) => [m.name, Number(m.change.toFixed(3))]);
    // queue_depth: (50 − 5) / mean 17.857 = 2.52; requests_total rate 5..10 / mean 9.167 = 0.545; temperature 0.5 / 40.157.
    expect(ranked).toEqual([["queue_depth", 2.52], ["requests_total", 0.545], ["temperature", 0.012]]);
    // Only the quiet part of the range: the jump is outside it.
    const quiet = await call(metricsRoute.GET, { path: `/api/incidents/${incident}/metrics?rank=change&from=${T0}&to=${T0 + 30_000}`, params: { id: incident } });
    expect(quiet.data.metrics[0].name).toBe("temperature");
  });

  it("refuses a rank it does not know", async () => {
    const res = await call(metricsRoute.GET, { path: `/api/incidents/${incident}/metrics?rank=loudest`, params: { id: incident } });
    expect(res.status).toBe(400);
  });
});
