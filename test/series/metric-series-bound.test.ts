// A metric with hundreds of label sets answers a bounded number of series: those with the most
// samples, in label order, and how many were left out.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import { DEFAULT_METRIC_SERIES } from "@/lib/schemas/series";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const T0 = 1_718_000_000_000;

it("answers the busiest label sets and counts the rest", async () => {
  const lines = ["# TYPE pod_requests gauge"];
  for (let pod = 0; pod < 300; pod++) {
    const samples = pod % 7 === 0 ? 6 : 2; // every 7th pod has more samples: those come first
    for (let k = 0; k < samples; k++) lines.push(`pod_requests{pod="p${String(pod).padStart(3, "0")}"} ${pod + k} ${T0 + k * 15_000}`);
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "hindsight-bound-")), "pods.prom");
  writeFileSync(file, lines.join("\n") + "\n");
  const incident = await newIncident("many label sets");
  expect((await uploadFiles(incident, [file])).status).toBe(201);

  const busiest = Array.from({ length: 300 }, (_, p) => p).filter((p) => p % 7 === 0).map((p) => `p${String(p).padStart(3, "0")}`); // 43 pods
  const res = await call(seriesRoute.GET, { path: "/x?name=pod_requests&format=columns", params: { id: incident, kind: "metrics" } });
  expect(res.status).toBe(200);
  expect(res.data.series).toHaveLength(DEFAULT_METRIC_SERIES);
  expect(res.data.omitted).toBe(300 - DEFAULT_METRIC_SERIES);
  const pods = res.data.series.map((s: { label: string }) => /pod="(p\d+)"/.exec(s.label)![1]);
  expect(pods).toEqual([...pods].sort());
  for (const pod of busiest) expect(pods).toContain(pod);

  const all = await call(seriesRoute.GET, { path: "/x?name=pod_requests&seriesLimit=500", params: { id: incident, kind: "metrics" } });
  expect(all.data.series).toHaveLength(300);
  expect(all.data.omitted).toBeUndefined();
  const bad = await call(seriesRoute.GET, { path: "/x?name=pod_requests&seriesLimit=5000", params: { id: incident, kind: "metrics" } });
  expect(bad.status).toBe(400);
});
