import { mkdtempSync, openAsBlob, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as incidents from "@/app/api/incidents/route";
import * as tickets from "@/app/api/tickets/[key]/uploads/route";
import { call } from "../http";

const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-tickets-"));
const markers = path.join(dir, "deploys.csv");
writeFileSync(markers, "ts,end_ts,kind,service,env,version,actor,source,message\n2024-06-10T06:10:00Z,2024-06-10T06:14:30Z,deploy,coredns,prod,1.11.3,ci-bot,argo,bump\n");
const flows = path.join(dir, "flows.log");
writeFileSync(flows, "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action tcp-flags log-status\n5 eni-1 10.0.1.5 10.0.42.17 40000 8080 6 1 60 1718000000 1718000001 ACCEPT 2 OK\n");

async function post(key: string, files: string[], headers: Record<string, string> = {}, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("file", await openAsBlob(f), path.basename(f));
  const body = new Response(form);
  return call(tickets.POST, {
    method: "POST",
    params: { key },
    headers: { ...headers, "content-type": body.headers.get("content-type")! },
    body: body.body as unknown as BodyInit,
  });
}

describe("ticket uploads", () => {
  afterEach(() => {
    delete process.env.HINDSIGHT_TICKET_SECRET;
  });

  it("creates the incident for a new ticket, then reuses it; source records the ticket", async () => {
    const key = `OPS-${Date.now()}`;
    const first = await post(key, [markers], {}, { title: "DNS errors during rollouts" });
    expect(first.status).toBe(201);
    expect(first.data.incident).toMatchObject({ ticket: key, title: "DNS errors during rollouts", created: true });
    expect(first.data.uploads[0]).toMatchObject({ kind: "deploy-markers-csv", status: "ready", source: `ticket:${key}` });

    const second = await post(key, [flows], {}, { source: "https://jira.example/browse/" + key });
    expect(second.status).toBe(201);
    expect(second.data.incident).toMatchObject({ id: first.data.incident.id, created: false });
    expect(second.data.uploads[0].source).toBe("https://jira.example/browse/" + key);

    const found = await call(incidents.GET, { path: `/api/incidents?ticket=${key}` });
    expect(found.data.incidents).toHaveLength(1);
    expect(found.data.incidents[0]).toMatchObject({ id: first.data.incident.id, uploadCount: 2 });
  });

  it("converges concurrent first contacts on one incident", async () => {
    const key = `RACE-${Date.now()}`;
    const [a, b] = await Promise.all([post(key, [markers]), post(key, [flows])]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.data.incident.id).toBe(b.data.incident.id);
  });

  it("requires the shared secret when one is configured", async () => {
    process.env.HINDSIGHT_TICKET_SECRET = "s3cret-value";
    const key = `SEC-${Date.now()}`;
    const none = await post(key, [markers]);
    expect(none.status).toBe(401);
    expect(none.data.error.code).toBe("unauthorized");
    expect((await post(key, [markers], { authorization: "Bearer wrong-value!" })).status).toBe(401);
    expect((await post(key, [markers], { authorization: "Bearer s3cret-value" })).status).toBe(201);
    expect((await post(key, [flows], { "x-hindsight-secret": "s3cret-value" })).status).toBe(201);
    expect((await call(incidents.GET, { path: `/api/incidents?ticket=${key}` })).status).toBe(401);
    expect((await call(incidents.GET, { path: `/api/incidents?ticket=${key}`, headers: { authorization: "Bearer s3cret-value" } })).status).toBe(200);
  });

  it("answers bad input clearly", async () => {
    const notMultipart = await call(tickets.POST, { method: "POST", params: { key: "OPS-1" }, json: { file: "x" } });
    expect(notMultipart.status).toBe(415);
    expect(notMultipart.data.error.code).toBe("multipart_required");
    const noFiles = await post(`EMPTY-${Date.now()}`, [], {}, { title: "x" });
    expect(noFiles.status).toBe(400);
    expect(noFiles.data.error.code).toBe("no_files");
    const badKey = await post("has space", [markers]);
    expect(badKey.status).toBe(404);
    const junk = path.join(dir, "junk.bin");
    writeFileSync(junk, Buffer.alloc(100, 7));
    const unknown = await post(`JUNK-${Date.now()}`, [junk]);
    expect(unknown.status).toBe(422);
  });
});
