// Prefer: respond-async on the upload endpoints: 202 as soon as the files are stored, "queued"
// rows, then an in-process worker of the real job queue (pg-boss on the test database) ingests
// them to the same counts a synchronous upload gets, announcing queued → ingesting → finished.
import { existsSync, mkdtempSync, openAsBlob, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as uploads from "@/app/api/incidents/[id]/uploads/route";
import * as ticketUploads from "@/app/api/tickets/[key]/uploads/route";
import * as uploadRoute from "@/app/api/uploads/[id]/route";
import { db } from "@/lib/db";
import { eventHub, type TIncidentEvent } from "@/lib/events/incident-events";
import { blobPath } from "@/lib/evidence/blob-store";
import { startIngestWorker, type IngestWorker } from "@/lib/ingest/ingest-worker";
import { runIngestJob } from "@/lib/ingest/queued-ingest";
import { sendIngestJob, stopJobQueue } from "@/lib/queue/job-queue";
import { writeVpcFlowLog } from "@/lib/samples/write-vpc-flow-log";
import type { VpcFlowTruth } from "@/lib/samples/vpc-flow-log";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";
import { settledUpload } from "./queued";

// Each test file has its own queue: its blob folder is its own.
process.env.HINDSIGHT_INGEST_QUEUE = `test-async-${process.pid}`;

const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-async-"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function form(files: string[], fields: Record<string, string> = {}) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  for (const file of files) f.append("file", await openAsBlob(file), path.basename(file));
  const body = new Response(f);
  return { headers: { "content-type": body.headers.get("content-type")!, prefer: "respond-async" }, body: body.body as unknown as BodyInit };
}

const postAsync = async (incidentId: string, files: string[], fields: Record<string, string> = {}) =>
  call(uploads.POST, { method: "POST", path: `/api/incidents/${incidentId}/uploads`, params: { id: incidentId }, ...(await form(files, fields)) });

const rowsOf = async (uploadId: string) =>
  (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM flow_records WHERE upload_id = $1", [uploadId])).rows[0]!.n;

let flows: { file: string; truth: VpcFlowTruth };
let worker: IngestWorker | null = null;
const startWorker = async () => (worker ??= await startIngestWorker({ pollSeconds: 0.5, watchdogMs: 500, graceMs: 3000 }));

beforeAll(async () => {
  const file = path.join(dir, "flows-v5.log");
  flows = { file, truth: await writeVpcFlowLog(file, { version: 5, rows: 6_000, startSec: 1_718_000_040, seed: 11, badLineEvery: 97, nodataEvery: 301 }) };
});

afterAll(async () => {
  await worker?.stop();
  await stopJobQueue();
});

describe("Prefer: respond-async", () => {
  it("answers 202 queued once the file is stored; a worker then ingests it to the same counts as a synchronous upload", async () => {
    const incident = await newIncident("async");
    const events: TIncidentEvent[] = [];
    const unsubscribe = await eventHub().subscribe(incident, (e) => events.push(e), () => {});
    try {
      // No worker yet: the upload stays queued, and says so.
      const res = await postAsync(incident, [flows.file], { source: "OPS-7" });
      expect(res.status, JSON.stringify(res.data)).toBe(202);
      expect(res.headers.get("preference-applied")).toBe("respond-async");
      const [queued] = res.data.uploads;
      expect(queued).toMatchObject({ filename: "flows-v5.log", kind: "aws-vpc-flow", status: "queued", duplicate: false, source: "OPS-7", rowsParsed: 0 });
      expect(existsSync(blobPath(queued.sha256)), "the file is in the blob store before the answer").toBe(true);
      const waiting = await call(uploadRoute.GET, { params: { id: queued.id } });
      expect(waiting.data).toMatchObject({ status: "queued", progress: { phase: "queued", bytesTotal: queued.size, bytesRead: 0, rowsParsed: 0 } });
      // A queued upload cannot have its clock changed yet.
      expect((await call(uploadRoute.PATCH, { method: "PATCH", params: { id: queued.id }, json: { clockOffsetMs: 1000 } })).status).toBe(409);

      await startWorker();
      const done = await settledUpload(queued.id);
      expect(done).toMatchObject({ status: "ready", rowsParsed: flows.truth.flows, gaps: flows.truth.gaps, rowsRejected: flows.truth.badLines });
      expect(done.progress).toBeUndefined();
      expect(await rowsOf(queued.id)).toBe(flows.truth.flows);

      // The same file within a request, into another incident: the same counts.
      const sync = await uploadFiles(await newIncident("sync twin"), [flows.file]);
      expect(sync.status).toBe(201);
      expect(sync.data.uploads[0]).toMatchObject({ rowsParsed: done.rowsParsed, gaps: done.gaps, rowsRejected: done.rowsRejected, timeRange: done.timeRange });

      for (let i = 0; i < 50 && !events.some((e) => e.id === queued.id && e.state === "finished"); i++) await sleep(100);
      const states = events.filter((e) => e.topic === "uploads" && e.id === queued.id).map((e) => e.state);
      expect(states[0]).toBe("queued");
      expect(states).toContain("ingesting");
      expect(states.indexOf("ingesting")).toBeLessThan(states.indexOf("finished"));
      expect(events.find((e) => e.id === queued.id && e.state === "finished")).toMatchObject({ status: "ready", family: "flows", rowsParsed: flows.truth.flows });
    } finally {
      unsubscribe();
    }
  });

  it("never ingests an upload twice: a job run again, or queued again, leaves it as it was", async () => {
    await startWorker();
    const incident = await newIncident("idempotent");
    const file = path.join(dir, "again.log");
    const truth = await writeVpcFlowLog(file, { version: 5, rows: 2_000, startSec: 1_718_000_040, seed: 12 });
    const res = await postAsync(incident, [file]);
    expect(res.status).toBe(202);
    const id = res.data.uploads[0].id as string;
    const done = await settledUpload(id);
    expect(done.rowsParsed).toBe(truth.flows);
    await runIngestJob({ uploadIds: [id] });
    await sendIngestJob({ uploadIds: [id] }); // the same job id: pg-boss keeps the first
    await sleep(1500);
    const after = await call(uploadRoute.GET, { params: { id } });
    expect(after.data).toMatchObject({ status: "ready", rowsParsed: truth.flows, finishedAt: done.finishedAt });
    expect(await rowsOf(id)).toBe(truth.flows);
  });

  it("answers a duplicate at once, and refuses a file that is no evidence with nothing stored", async () => {
    await startWorker();
    const incident = await newIncident("async duplicate");
    const first = await postAsync(incident, [flows.file]);
    const second = await postAsync(incident, [flows.file]);
    expect(second.status).toBe(202);
    expect(second.data.uploads[0]).toMatchObject({ id: first.data.uploads[0].id, duplicate: true });
    await settledUpload(first.data.uploads[0].id);

    const junk = path.join(dir, "notes.bin");
    writeFileSync(junk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const refused = await postAsync(incident, [junk]);
    expect(refused.status).toBe(422);
    expect(refused.data.error.code).toBe("unsupported_format");
    expect(await db.prisma.upload.count({ where: { incidentId: incident } })).toBe(1);
  });

  it("works on the ticket endpoint too: 202 with the incident it found or created", async () => {
    await startWorker();
    const key = `ASYNC-${process.pid}`;
    const res = await call(ticketUploads.POST, { method: "POST", path: `/api/tickets/${key}/uploads`, params: { key }, ...(await form([flows.file], { title: "Queued ticket" })) });
    expect(res.status, JSON.stringify(res.data)).toBe(202);
    expect(res.headers.get("preference-applied")).toBe("respond-async");
    expect(res.data.incident).toMatchObject({ title: "Queued ticket", ticket: key, created: true });
    expect(res.data.uploads[0]).toMatchObject({ status: "queued", source: `ticket:${key}` });
    const done = await settledUpload(res.data.uploads[0].id);
    expect(done).toMatchObject({ status: "ready", rowsParsed: flows.truth.flows, incidentId: res.data.incident.id });
  });
});
