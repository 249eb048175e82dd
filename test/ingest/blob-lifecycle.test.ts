// Raw evidence leaves the disk with the last upload that holds it: deleting an upload or an
// incident deletes its blob, unless another incident's upload has the same content.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import * as incidentRoute from "@/app/api/incidents/[id]/route";
import * as uploadRoute from "@/app/api/uploads/[id]/route";
import { blobPath } from "@/lib/evidence/blob-store";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

/** A real exposition file of content no other test uploads (the database is shared by all tests). */
function uniqueFile(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "hindsight-blobs-")), "conntrack.prom");
  const tag = randomBytes(6).toString("hex");
  writeFileSync(file, `# TYPE node_nf_conntrack_entries gauge\nnode_nf_conntrack_entries{instance="${tag}"} 13000 1718000000000\n`);
  return file;
}

async function upload(incident: string, file: string) {
  const res = await uploadFiles(incident, [file]);
  expect(res.status).toBe(201);
  return res.data.uploads[0] as { id: string; sha256: string };
}

it("deletes the blob with its upload", async () => {
  const { id, sha256 } = await upload(await newIncident("blob with upload"), uniqueFile());
  expect(existsSync(blobPath(sha256))).toBe(true);
  expect((await call(uploadRoute.DELETE, { method: "DELETE", params: { id } })).status).toBe(204);
  expect(existsSync(blobPath(sha256))).toBe(false);
});

it("keeps a blob another incident still holds, and deletes it with the last one", async () => {
  const first = await newIncident("blob shared 1");
  const second = await newIncident("blob shared 2");
  const file = uniqueFile();
  const { sha256 } = await upload(first, file);
  await upload(second, file);
  expect((await call(incidentRoute.DELETE, { method: "DELETE", params: { id: first } })).status).toBe(204);
  expect(existsSync(blobPath(sha256))).toBe(true);
  expect((await call(incidentRoute.DELETE, { method: "DELETE", params: { id: second } })).status).toBe(204);
  expect(existsSync(blobPath(sha256))).toBe(false);
});
