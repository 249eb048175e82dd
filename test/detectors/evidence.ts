// Evidence files for detector tests: flow logs (the project's generator plus hand-made records),
// Prometheus text exports and marker CSVs, plus helpers to read findings back through the API.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import * as findingsRoute from "@/app/api/incidents/[id]/findings/route";
import { whenDetectorsIdle } from "@/lib/findings/scheduler";
import type { TFinding, TFindingsResponse } from "@/lib/schemas/finding";
import type { VpcFlowLogOptions, VpcFlowTruth } from "@/lib/samples/vpc-flow-log";
import { flowRecord, sampledFrom, writeFlowLogFile, writeMarkersFile, writePrometheusFile, type Series } from "@/lib/samples/scenarios/evidence-writers";
import { call } from "../http";
import { uploadFiles } from "../uploads";

export const T0 = 1_718_000_000; // epoch seconds where every scenario starts
export const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-detectors-"));
export const file = (name: string) => path.join(dir, name);

/** A v5 flow log in the test folder: generated background traffic plus extra records. */
export async function writeFlowLog(name: string, options: Omit<VpcFlowLogOptions, "version">, extra: string[] = []): Promise<{ path: string; truth: VpcFlowTruth }> {
  return { path: file(name), truth: await writeFlowLogFile(file(name), options, extra) };
}

export { flowRecord, type Series };

export const writePrometheus = (name: string, series: Series[]) => writePrometheusFile(file(name), series);

/** Every `stepS` seconds from T0 for `seconds`, value from `f(t)`. */
export const sampled = (seconds: number, stepS: number, f: (t: number, i: number) => number) => sampledFrom(T0, seconds, stepS, f);

export const writeMarkers = (name: string, markers: Array<{ from: number; to?: number; label: string; kind: string }>) => writeMarkersFile(file(name), markers);

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
