// Inputs that used to wedge or garble an upload: a NUL byte quoted in a parser's warning, and a
// file name outside ASCII.
import { copyFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
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
