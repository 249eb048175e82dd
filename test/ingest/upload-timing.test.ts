// An upload's createdAt is when its ingest began and finishedAt when it ended: the two tell how
// long the ingest took (finishedAt used to be the ingest transaction's start, 2 ms after createdAt).
import os from "node:os";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import { expect, it } from "vitest";
import { writeVpcFlowLog } from "@/lib/samples/write-vpc-flow-log";
import { newIncident, uploadFiles } from "../uploads";

it("spans the ingest from createdAt to finishedAt", async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "hindsight-timing-")), "flows.log");
  await writeVpcFlowLog(file, { version: 5, rows: 150_000, startSec: 1_718_000_000, seed: 9, flowsPerSec: 2000 });
  const incident = await newIncident("timing");
  const sent = Date.now();
  const res = await uploadFiles(incident, [file]);
  const answered = Date.now();
  expect(res.status).toBe(201);
  const { createdAt, finishedAt } = res.data.uploads[0];
  expect(createdAt).toBeGreaterThanOrEqual(sent - 5);
  expect(finishedAt).toBeLessThanOrEqual(answered + 5);
  // Most of the request is the ingest itself (the file arrives from local disk in a moment).
  expect(finishedAt - createdAt).toBeGreaterThan((answered - sent) / 2);
}, 120_000);
