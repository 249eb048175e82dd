// Workers as real processes (`scripts/worker.ts`, as `npm run worker` runs it) on one queue: one
// killed with SIGKILL in the middle of a big ingest has its job retried by another, to the same
// result; two of them given eight files ingest each exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { startIngestWorker } from "@/lib/ingest/ingest-worker";
import { enqueueFiles } from "@/lib/ingest/queued-ingest";
import { receiveToTemp } from "@/lib/evidence/blob-store";
import { stopJobQueue } from "@/lib/queue/job-queue";
import { writeVpcFlowLog } from "@/lib/samples/write-vpc-flow-log";
import { createReadStream } from "node:fs";
import { newIncident } from "../uploads";
import { settledUpload } from "./queued";

process.env.HINDSIGHT_INGEST_QUEUE = `test-workers-${process.pid}`;

const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-workers-"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const root = path.resolve(import.meta.dirname, "../..");
const children = new Set<ChildProcess>();

function workerProcess() {
  const proc = spawn("npx", ["tsx", "scripts/worker.ts", "--watchdog-ms", "500", "--grace-ms", "2000"], {
    cwd: root, env: { ...process.env }, stdio: ["ignore", "pipe", "pipe"], detached: true,
  });
  children.add(proc);
  let output = "";
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  const exited = new Promise((r) => proc.once("exit", r));
  return {
    output: () => output,
    ready: async () => {
      for (let i = 0; i < 600 && !output.includes("taking ingest jobs"); i++) await sleep(100);
      if (!output.includes("taking ingest jobs")) throw new Error(`the worker did not start:\n${output}`);
    },
    kill: async (signal: NodeJS.Signals = "SIGKILL") => {
      try {
        process.kill(-proc.pid!, signal);
      } catch {
        /* gone already */
      }
      await exited;
      children.delete(proc);
    },
  };
}

afterAll(async () => {
  for (const c of children) {
    try {
      process.kill(-c.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  await stopJobQueue();
});

/** Queues files as a respond-async request does (the route's own path, without HTTP). */
async function queue(incidentId: string, files: string[]) {
  const received = await Promise.all(files.map((f) => receiveToTemp(createReadStream(f), path.basename(f))));
  return enqueueFiles(incidentId, received, {});
}

const rowsOf = async (uploadId: string) =>
  (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM flow_records WHERE upload_id = $1", [uploadId])).rows[0]!.n;

it("a worker killed mid-ingest has its job retried by another worker, to the same result", async () => {
  const file = path.join(dir, "big.log");
  const truth = await writeVpcFlowLog(file, { version: 5, rows: 300_000, startSec: 1_718_000_000, seed: 5, flowsPerSec: 2000 });
  const incident = await newIncident("killed worker");
  const [queued] = await queue(incident, [file]);
  const doomed = workerProcess();
  await doomed.ready();
  // Wait until it is inside the ingest: the row says so, and rows are arriving.
  let progressed = false;
  for (let i = 0; i < 1200 && !progressed; i++) {
    await sleep(100);
    const row = await db.prisma.upload.findUniqueOrThrow({ where: { id: queued!.id } });
    progressed = row.status === "ingesting" && ((row.progress as { bytesRead?: number } | null)?.bytesRead ?? 0) > 0;
  }
  expect(progressed, `the worker never got going:\n${doomed.output()}`).toBe(true);
  await doomed.kill();
  const halfway = await db.prisma.upload.findUniqueOrThrow({ where: { id: queued!.id } });
  expect(halfway.status, "killed before it finished").toBe("ingesting");

  const rescuer = await startIngestWorker({ pollSeconds: 0.5, watchdogMs: 500, graceMs: 2000 });
  try {
    const done = await settledUpload(queued!.id, 240_000);
    expect(done).toMatchObject({ status: "ready", rowsParsed: truth.flows, rowsRejected: 0 });
    expect(await rowsOf(queued!.id)).toBe(truth.flows);
    // Taken again through the queue: the second attempt of the same job.
    const { rows } = await db.pool.query("SELECT retry_count, state FROM pgboss.job WHERE id = $1", [queued!.id]);
    expect(rows[0]).toMatchObject({ retry_count: 1 });
  } finally {
    await rescuer.stop();
  }
}, 360_000);

it("two worker processes on one queue ingest eight files, each exactly once", async () => {
  const incident = await newIncident("two workers");
  const files: string[] = [];
  const truths = [];
  for (let i = 0; i < 8; i++) {
    const f = path.join(dir, `flows-${i}.log`);
    truths.push(await writeVpcFlowLog(f, { version: 5, rows: 3_000 + 250 * i, startSec: 1_718_000_000 + 600 * i, seed: 100 + i }));
    files.push(f);
  }
  const a = workerProcess();
  const b = workerProcess();
  await Promise.all([a.ready(), b.ready()]);
  const queued = await queue(incident, files);
  expect(queued.map((u) => u.status)).toEqual(Array(8).fill("queued"));
  const done = await Promise.all(queued.map((u) => settledUpload(u.id, 240_000)));
  for (const [i, u] of done.entries()) {
    expect(u).toMatchObject({ status: "ready", rowsParsed: truths[i]!.flows });
    expect(await rowsOf(u.id), `rows of ${u.filename}`).toBe(truths[i]!.flows);
  }
  // Each job ran once: pg-boss never handed one out twice (no retries on this queue's jobs).
  const { rows } = await db.pool.query<{ n: number; retries: number }>(
    `SELECT count(*)::int AS n, coalesce(sum(retry_count), 0)::int AS retries FROM pgboss.job WHERE name = $1 AND id = ANY($2::uuid[])`,
    [process.env.HINDSIGHT_INGEST_QUEUE, queued.map((u) => u.id)],
  );
  expect(rows[0]).toEqual({ n: 8, retries: 0 });
  await Promise.all([a.kill("SIGTERM"), b.kill("SIGTERM")]);
}, 360_000);
