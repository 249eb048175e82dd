// Deleting an incident while one of its files is being ingested: the ingest stops and rolls back,
// the deletion then removes everything, and neither request answers a 5xx. Nothing is left:
// no upload row, no evidence table, no temp file.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import * as incidentRoute from "@/app/api/incidents/[id]/route";
import { db } from "@/lib/db";
import { blobRoot } from "@/lib/evidence/blob-store";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const tempFiles = () => {
  try {
    return readdirSync(path.join(blobRoot(), "tmp"));
  } catch {
    return [];
  }
};

/** A v2 flow log of `n` records: big enough that its ingest takes a few seconds here. */
function flowLog(n: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-delete-"));
  const file = path.join(dir, "flows.log");
  const lines = ["version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"];
  for (let i = 0; i < n; i++) {
    const t = 1718000000 + (i % 3600);
    lines.push(`2 123456789012 eni-0a1b2c3d 10.0.${(i >> 8) & 255}.${i & 255} 10.1.0.7 ${1024 + (i % 60000)} 443 6 ${1 + (i % 9)} ${60 + i % 1400} ${t} ${t + 59} ACCEPT OK`);
  }
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

async function waitForIngesting(incidentId: string): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await db.pool.query<{ id: string }>("SELECT id FROM uploads WHERE incident_id = $1 AND status = 'ingesting'", [incidentId]);
    if (rows[0]) return rows[0].id;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("the upload never started ingesting");
}

it("stops the ingest, deletes everything, and answers no 5xx", async () => {
  const file = flowLog(1_500_000);
  const incident = await newIncident("deleted during ingest");
  const before = tempFiles();
  const upload = uploadFiles(incident, [file]);
  const uploadId = await waitForIngesting(incident);
  const deleted = await call(incidentRoute.DELETE, { method: "DELETE", params: { id: incident } });
  const answer = await upload;

  expect(deleted.status).toBeLessThan(300);
  expect(answer.status).toBeLessThan(500);
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(JSON.stringify(answer.data)).toMatch(/deleted while this file was being ingested|does not exist/);

  const { rows: uploads } = await db.pool.query("SELECT id FROM uploads WHERE incident_id = $1", [incident]);
  expect(uploads).toEqual([]);
  const { rows: tables } = await db.pool.query("SELECT relname FROM pg_class WHERE relname LIKE $1", [`%_u${uploadId.replace(/-/g, "")}`]);
  expect(tables).toEqual([]);
  expect(tempFiles()).toEqual(before);
  const gone = await call(incidentRoute.GET, { params: { id: incident } });
  expect(gone.status).toBe(404);
});
