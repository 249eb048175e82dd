// A server killed in the middle of an ingest leaves no evidence rows, and the next start marks
// the upload failed.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { db } from "@/lib/db";
import { failInterruptedUploads } from "@/lib/runtime/recover-uploads";
import { writeVpcFlowLog } from "@/lib/samples/write-vpc-flow-log";
import { newIncident } from "../uploads";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("a process killed mid-ingest leaves no partial rows and an upload marked failed", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-kill-"));
  const file = path.join(dir, "big.log");
  await writeVpcFlowLog(file, { version: 5, rows: 400_000, startSec: 1_718_000_000, seed: 5, flowsPerSec: 2000 });
  const incident = await newIncident("killed");
  const child = spawn("npx", ["tsx", "--conditions=react-server", "test/fixtures/ingest-child.ts", incident, file], {
    env: { ...process.env }, stdio: "ignore", detached: true,
  });
  const exited = new Promise((r) => child.once("exit", r));

  // Wait until the child is inside its transaction: the upload row exists and its table is being filled.
  let uploadId: string | undefined;
  for (let i = 0; i < 600 && !uploadId; i++) {
    await sleep(100);
    const row = await db.prisma.upload.findFirst({ where: { incidentId: incident, status: "ingesting" } });
    uploadId = row?.id;
  }
  expect(uploadId, "the child never started ingesting").toBeDefined();
  await sleep(400);
  process.kill(-child.pid!, "SIGKILL");
  await exited;
  // The server notices the dead connection and rolls its transaction back.
  const table = `flow_records_u${uploadId!.replace(/-/g, "")}`;
  for (let i = 0; i < 50; i++) {
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'idle in transaction' OR query LIKE 'COPY%'`);
    if (rows[0].n === 0) break;
    await sleep(100);
  }
  const { rows } = await db.pool.query(`SELECT to_regclass($1) IS NULL AS gone`, [table]);
  expect(rows[0].gone).toBe(true);
  expect((await db.prisma.upload.findUniqueOrThrow({ where: { id: uploadId! } })).status).toBe("ingesting");

  expect(await failInterruptedUploads(process.env.DATABASE_URL!)).toBeGreaterThanOrEqual(1);
  const after = await db.prisma.upload.findUniqueOrThrow({ where: { id: uploadId! } });
  expect(after.status).toBe("failed");
  expect(after.failure).toMatch(/Interrupted/);
}, 120_000);
