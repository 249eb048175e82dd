// Evidence files for detector tests: flow logs (the project's generator plus hand-made records),
// Prometheus text exports and marker CSVs, plus helpers to read findings back through the API.
import { createWriteStream, mkdtempSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import * as findingsRoute from "@/app/api/incidents/[id]/findings/route";
import { whenDetectorsIdle } from "@/lib/findings/scheduler";
import type { TFinding, TFindingsResponse } from "@/lib/schemas/finding";
import { generateVpcFlowLog, type VpcFlowLogOptions, type VpcFlowTruth } from "@/lib/samples/vpc-flow-log";
import { call } from "../http";
import { uploadFiles } from "../uploads";

export const T0 = 1_718_000_000; // epoch seconds where every scenario starts
export const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-detectors-"));
export const file = (name: string) => path.join(dir, name);

/** A v5 flow log: generated background traffic plus extra records (flow logs are unordered anyway). */
export async function writeFlowLog(name: string, options: Omit<VpcFlowLogOptions, "version">, extra: string[] = []): Promise<{ path: string; truth: VpcFlowTruth }> {
  const out = createWriteStream(file(name));
  const { lines, truth } = generateVpcFlowLog({ version: 5, ...options });
  let batch = "";
  for (const line of [...lines, ...extra]) {
    batch += line + "\n";
    if (batch.length < 1 << 16) continue;
    const ok = out.write(batch);
    batch = "";
    if (!ok) await once(out, "drain");
  }
  out.end(batch);
  await once(out, "finish");
  return { path: file(name), truth };
}

/** v5 records (same field order as the generator's header). */
export function flowRecord(f: { src: string; dst: string; sport: number; dport: number; start: number; flags: number; packets?: number; dir?: "ingress" | "egress" }): string {
  const packets = f.packets ?? 1;
  return `5 eni-0a1b2c3d4e5f6a7b8 ${f.src} ${f.dst} ${f.sport} ${f.dport} 6 ${packets} ${packets * 54} ${f.start} ${f.start} ACCEPT ${f.flags} ${f.src} ${f.dst} ${f.dir ?? "egress"} 1 OK`;
}

export interface Series {
  name: string;
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

/** Prometheus text exposition with explicit ms timestamps. */
export function writePrometheus(name: string, series: Series[]): string {
  const lines: string[] = [];
  for (const s of series) {
    const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(",");
    for (const [t, v] of s.points) lines.push(`${s.name}{${labels}} ${v} ${t}`);
  }
  writeFileSync(file(name), lines.join("\n") + "\n");
  return file(name);
}

/** Every `stepS` seconds from T0 for `seconds`, value from `f(t)`. */
export function sampled(seconds: number, stepS: number, f: (t: number, i: number) => number): Array<[number, number]> {
  return Array.from({ length: Math.floor(seconds / stepS) }, (_, i) => {
    const t = (T0 + i * stepS) * 1000;
    return [t, f(t, i)] as [number, number];
  });
}

export function writeMarkers(name: string, markers: Array<{ from: number; to?: number; label: string; kind: string }>): string {
  const iso = (s: number) => new Date(s * 1000).toISOString();
  const rows = markers.map((m) => `${iso(m.from)},${m.to === undefined ? "" : iso(m.to)},"${m.label}",${m.kind}`);
  writeFileSync(file(name), ["time,end,label,kind", ...rows].join("\n") + "\n");
  return file(name);
}

export async function upload(incident: string, files: string[]): Promise<Array<{ id: string; status: string }>> {
  const res = await uploadFiles(incident, files);
  expect(res.status, JSON.stringify(res.data)).toBe(201);
  for (const u of res.data.uploads) expect(u.status, JSON.stringify(u)).toBe("ready");
  return res.data.uploads;
}

/** Waits for the detectors scheduled by the uploads, then reads the findings API. */
export async function findings(incident: string, query = ""): Promise<TFindingsResponse> {
  await whenDetectorsIdle(incident);
  const res = await call(findingsRoute.GET, { path: `/api/incidents/${incident}/findings${query}`, params: { id: incident } });
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  // DUMP_FINDINGS=1 prints what the detectors said, to read their wording.
  if (process.env.DUMP_FINDINGS) for (const f of res.data.findings) console.log(`[${f.detector}] ${f.severity} ${f.confidence.toFixed(2)} ${f.title}\n  ${f.explanation}\n  ${JSON.stringify(f.evidence)}`);
  return res.data;
}

export const of = (list: TFinding[], detector: string) => list.filter((f) => f.detector === detector);

/** |actual − expected| within one bucket. */
export const near = (actualMs: number, expectedSec: number, bucketMs = 10_000) => expect(Math.abs(actualMs - expectedSec * 1000)).toBeLessThanOrEqual(bucketMs);
