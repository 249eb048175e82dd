// A server killed in the middle of an ingest, or of an incident's deletion: after the next start's
// recovery no upload is stuck "ingesting", no partial file or orphan table is left, and
// everything that was not being changed is intact.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import { db } from "@/lib/db";
import { blobPath, blobRoot } from "@/lib/evidence/blob-store";
import { recoverAtStart } from "@/lib/ingest/recover-at-start";
import { writeVpcFlowLog } from "@/lib/samples/write-vpc-flow-log";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FIXTURE_FLOWS = path.resolve(import.meta.dirname, "../../lib/parsers/fixtures/aws-v5.log");

const tempFiles = () => {
  try {
    return readdirSync(path.join(blobRoot(), "tmp"));
  } catch {
    return [];
  }
};

function child(script: string, args: string[]) {
  const proc = spawn("npx", ["tsx", "--conditions=react-server", script, ...args], { env: { ...process.env }, stdio: "ignore", detached: true });
  const exited = new Promise((r) => proc.once("exit", r));
  return { kill: async () => (process.kill(-proc.pid!, "SIGKILL"), await exited) };
}

/** Postgres notices the dead connection and rolls its transaction back. */
async function settled() {
  for (let i = 0; i < 50; i++) {
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND (state = 'idle in transaction' OR query LIKE 'COPY%' OR wait_event_type = 'Lock')`,
    );
    if (rows[0].n === 0) return;
    await sleep(100);
  }
}

/** An incident that must come through untouched, and what its flows series answers. */
async function bystander() {
  const incident = await newIncident("bystander");
  const res = await uploadFiles(incident, [FIXTURE_FLOWS]);
  expect(res.status).toBe(201);
  const series = await call(seriesRoute.GET, { path: "/x?groupBy=flag", params: { id: incident, kind: "flows" } });
  return { incident, uploadId: res.data.uploads[0].id as string, series: series.data };
}

async function stillIntact(b: Awaited<ReturnType<typeof bystander>>) {
  const series = await call(seriesRoute.GET, { path: "/x?groupBy=flag", params: { id: b.incident, kind: "flows" } });
  expect(series.data).toEqual(b.series);
  expect((await db.prisma.upload.findUniqueOrThrow({ where: { id: b.uploadId } })).status).toBe("ready");
}

it("a process killed mid-ingest leaves no partial rows, no temp file, and an upload marked failed", async () => {
  const kept = await bystander();
  const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-kill-"));
  const file = path.join(dir, "big.log");
  await writeVpcFlowLog(file, { version: 5, rows: 400_000, startSec: 1_718_000_000, seed: 5, flowsPerSec: 2000 });
  const incident = await newIncident("killed");
  const before = tempFiles();
  const ingest = child("test/fixtures/ingest-child.ts", [incident, file]);

  // Wait until the child is inside its transaction: the upload row exists and its table is being filled.
  let uploadId: string | undefined;
  for (let i = 0; i < 600 && !uploadId; i++) {
    await sleep(100);
    const row = await db.prisma.upload.findFirst({ where: { incidentId: incident, status: "ingesting" } });
    uploadId = row?.id;
  }
  expect(uploadId, "the child never started ingesting").toBeDefined();
  await sleep(400);
  await ingest.kill();
  await settled();
  const table = `flow_records_u${uploadId!.replace(/-/g, "")}`;
  const { rows } = await db.pool.query(`SELECT to_regclass($1) IS NULL AS gone`, [table]);
  expect(rows[0].gone).toBe(true);
  expect((await db.prisma.upload.findUniqueOrThrow({ where: { id: uploadId! } })).status).toBe("ingesting");
  expect(tempFiles().length).toBeGreaterThan(before.length); // the received file the child was reading

  const recovered = await recoverAtStart(process.env.DATABASE_URL!);
  expect(recovered.interruptedUploads).toBeGreaterThanOrEqual(1);
  const after = await db.prisma.upload.findUniqueOrThrow({ where: { id: uploadId! } });
  expect(after.status).toBe("failed");
  expect(after.failure).toMatch(/Interrupted/);
  expect(tempFiles()).toEqual([]);
  await stillIntact(kept);
}, 120_000);

it("a process killed while it deletes an incident leaves the incident whole; the next start drops orphans", async () => {
  const kept = await bystander();
  const doomed = await bystander();
  // An ingest of the incident holds its lock, so the deletion waits inside its transaction.
  const holder = await db.ingestPool.connect();
  try {
    await holder.query("SELECT pg_advisory_lock_shared($1, hashtext($2))", [0x48534944, doomed.incident]);
    const deletion = child("test/fixtures/delete-child.ts", [doomed.incident]);
    for (let i = 0; i < 300; i++) {
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'`);
      if (rows[0].n > 0) break;
      await sleep(100);
    }
    await deletion.kill();
    await holder.query("SELECT pg_advisory_unlock_shared($1, hashtext($2))", [0x48534944, doomed.incident]);
  } finally {
    holder.release();
  }
  await settled();

  // What an older version or a crash between steps could leave: a table and a raw file of no upload.
  const ghost = "0123456789abcdef0123456789abcdef";
  await db.pool.query(`CREATE TABLE flow_records_u${ghost} (LIKE flow_records)`);
  const ghostBlob = blobPath("ff".repeat(32));
  mkdirSync(path.dirname(ghostBlob), { recursive: true });
  writeFileSync(ghostBlob, "orphan");

  const recovered = await recoverAtStart(process.env.DATABASE_URL!);
  expect(recovered.orphanTables).toEqual([`flow_records_u${ghost}`]);
  expect(recovered.orphanBlobs).toBe(1);
  await stillIntact(kept);
  await stillIntact(doomed); // the killed deletion rolled back: nothing of it happened
  const { sha256 } = await db.prisma.upload.findUniqueOrThrow({ where: { id: kept.uploadId } });
  expect(existsSync(blobPath(sha256))).toBe(true);
}, 120_000);
