// Inputs that used to wedge or garble an upload: a NUL byte quoted in a parser's warning or inside
// a field, a timestamp centuries away, and a file name outside ASCII.
import { copyFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import * as uploadRoute from "@/app/api/uploads/[id]/route";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const HOSTILE = path.resolve(import.meta.dirname, "../fixtures/hostile");
const METRICS = path.resolve(import.meta.dirname, "../../lib/parsers/metrics/fixtures");

it("keeps an upload whose warning quotes a NUL byte, and shows the byte escaped", async () => {
  const incident = await newIncident("nul in a warning");
  const res = await uploadFiles(incident, [path.join(HOSTILE, "prometheus-warning-nul.json")]);
  expect(res.status).toBe(201);
  const [upload] = res.data.uploads;
  expect(upload.status).toBe("ready");
  expect(upload.errors).toContainEqual({ line: 0, message: "Prometheus warning: partial response: store\\x00gateway unreachable" });
  const read = await call(uploadRoute.GET, { params: { id: upload.id } });
  expect(read.status).toBe(200);
  expect(read.data.status).toBe("ready");
});

it("stores a file name outside ASCII as it was sent", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-names-"));
  const named = path.join(dir, "données-été.json");
  copyFileSync(path.join(METRICS, "prometheus-api-matrix.json"), named);
  const incident = await newIncident("utf-8 names");
  const res = await uploadFiles(incident, [named]);
  expect(res.status).toBe(201);
  expect(res.data.uploads[0].filename).toBe("données-été.json");
});

describe.each([
  ["flows-far-future-and-nul.log", "aws-vpc-flow", 20, "flows"],
  ["prometheus-far-future-and-nul.prom", "prometheus-text", 10, "metrics"],
])("%s: a row from year 3000+ and one with a NUL field", (file, kind, kept, seriesKind) => {
  it("are set aside with their reasons; the rest is kept and the default range stays on the evidence", async () => {
    const incident = await newIncident(`hostile ${file}`);
    const res = await uploadFiles(incident, [path.join(HOSTILE, file)]);
    expect(res.status).toBe(201);
    const [upload] = res.data.uploads;
    expect(upload).toMatchObject({ kind, status: "ready", rowsParsed: kept, rowsRejected: 2 });
    const messages = (upload.errors as Array<{ message: string }>).map((e) => e.message).join("\n");
    expect(messages).toMatch(/outside 1990 … now \+ 1 day|between 1990 and 2100/);
    expect(messages).toMatch(/NUL/);
    expect(upload.timeRange.to - upload.timeRange.from).toBeLessThan(3_600_000);
    const query = seriesKind === "metrics" ? "?name=node_nf_conntrack_entries" : "";
    const series = await call(seriesRoute.GET, { path: `/x${query}`, params: { id: incident, kind: seriesKind } });
    expect(series.status).toBe(200);
    expect(series.data.to - series.data.from).toBeLessThan(3_600_000);
  });
});
