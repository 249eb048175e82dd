// API tokens for automations (shown once, hashed, last use, scopes, ticket prefix, revocation)
// and the audit log of every write (who, what, from where, the answer), with the owner-only
// ticket change among them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tokens from "@/app/api/tokens/route";
import * as token from "@/app/api/tokens/[tid]/route";
import * as tickets from "@/app/api/tickets/[key]/uploads/route";
import * as incidents from "@/app/api/incidents/route";
import * as incident from "@/app/api/incidents/[id]/route";
import * as audit from "@/app/api/incidents/[id]/audit/route";
import { startSession } from "@/lib/auth/sessions";
import { saveUser } from "@/lib/auth/users";
import { NextRequest } from "next/server";
import { call } from "../http";

const stamp = Date.now();
const sessionOf = async (email: string, role: "admin" | "member") => {
  const user = await saveUser({ email, name: email.split("@")[0]!, role });
  return { cookie: `hindsight_session=${(await startSession(user.id, 3_600_000, { ip: "198.51.100.4", userAgent: "test" })).token}` };
};

async function ticketUpload(key: string, bearer: string) {
  const form = new FormData();
  form.append("file", new Blob(["ts,end_ts,kind,service,env,version,actor,source,message\n2024-06-10T06:10:00Z,,deploy,coredns,prod,1.11.3,ci-bot,argo,bump\n"]), "deploys.csv");
  const body = new Response(form);
  return call(tickets.POST, { method: "POST", path: `/api/tickets/${key}/uploads`, params: { key }, headers: { authorization: `Bearer ${bearer}`, "content-type": body.headers.get("content-type")! }, body: body.body as unknown as BodyInit });
}

describe("API tokens and the audit log", () => {
  let admin: { cookie: string };
  beforeAll(async () => {
    process.env.HINDSIGHT_AUTH = "signin";
    process.env.HINDSIGHT_PUBLIC_URL = "http://localhost";
    admin = await sessionOf(`admin-${stamp}@audit.test`, "admin");
  });
  afterAll(() => {
    delete process.env.HINDSIGHT_AUTH;
    delete process.env.HINDSIGHT_PUBLIC_URL;
  });

  it("shows a token once, lists it by its last use, limits it to its ticket prefix, and revokes it", async () => {
    const created = await call(tokens.POST, { method: "POST", path: "/api/tokens", json: { name: "jira automation", scopes: ["uploads:write"], ticketPrefix: "OPS-" }, headers: admin });
    expect(created.status).toBe(201);
    const secret = created.data.token as string;
    expect(secret).toMatch(/^hs_[\w-]{40,}$/);
    const listed = () => call(tokens.GET, { path: "/api/tokens", headers: admin }).then((r) => r.data.tokens.find((t: { id: string }) => t.id === created.data.id));
    expect(await listed()).toMatchObject({ name: "jira automation", scopes: ["uploads:write"], ticketPrefix: "OPS-", lastUsedAt: null });
    expect(JSON.stringify(await listed())).not.toContain(secret);

    const landed = await ticketUpload(`OPS-${stamp}`, secret);
    expect(landed.status).toBe(201);
    expect(landed.data.incident.created).toBe(true);
    expect((await listed()).lastUsedAt).toBeGreaterThan(stamp);
    const landedId = landed.data.incident.id as string;
    const trail = await call(audit.GET, { path: `/api/incidents/${landedId}/audit`, params: { id: landedId }, headers: admin });
    expect(trail.data.entries).toMatchObject([{ actor: "token jira automation", actorKind: "token", method: "POST", path: `/api/tickets/OPS-${stamp}/uploads`, status: 201 }]);
    expect((await ticketUpload(`SEC-${stamp}`, secret)).status).toBe(403);
    // A token for uploads reads nothing else.
    const read = await call(incident.GET, { path: `/api/incidents/${landed.data.incident.id}`, params: { id: landed.data.incident.id }, headers: { authorization: `Bearer ${secret}` } });
    expect(read.status).toBe(403);

    expect((await call(token.DELETE, { method: "DELETE", path: `/api/tokens/${created.data.id}`, params: { tid: created.data.id }, headers: admin })).status).toBe(200);
    expect((await ticketUpload(`OPS-${stamp}`, secret)).status).toBe(401);
    expect((await listed()).revokedAt).toBeGreaterThan(stamp);
  });

  it("records every write with who, from where and the answer; only the owner changes the ticket", async () => {
    const owner = await sessionOf(`owner-${stamp}@audit.test`, "member");
    const editor = await sessionOf(`editor-${stamp}@audit.test`, "member");
    const created = await call(incidents.POST, { method: "POST", path: "/api/incidents", json: { title: "audited", ticket: `AUD-${stamp}` }, headers: { ...owner, "x-forwarded-for": "203.0.113.9" } });
    const id = created.data.id as string;
    const patch = (headers: Record<string, string>, json: unknown) => call(incident.PATCH, { method: "PATCH", path: `/api/incidents/${id}`, params: { id }, json, headers });

    expect((await patch(editor, { summary: "edited by a member" })).status).toBe(200);
    // The whole object sent back with its ticket unchanged is no ticket change.
    expect((await patch(editor, { title: "audited", ticket: `AUD-${stamp}` })).status).toBe(200);
    const stolen = await patch(editor, { ticket: null });
    expect(stolen.status).toBe(403);
    expect(stolen.data.error.message).toContain("ask its owner");
    expect((await patch(owner, { ticket: `AUD-${stamp}-2` })).status).toBe(200);

    const log = await call(audit.GET, { path: `/api/incidents/${id}/audit`, params: { id }, headers: owner });
    expect(log.status).toBe(200);
    const entries = log.data.entries.map((e: Record<string, unknown>) => ({ actor: e.actor, method: e.method, status: e.status, detail: e.detail }));
    expect(entries).toEqual([
      { actor: `owner-${stamp}@audit.test`, method: "PATCH", status: 200, detail: { ticket: `AUD-${stamp}-2` } },
      { actor: `editor-${stamp}@audit.test`, method: "PATCH", status: 403, detail: { ticket: null } },
      { actor: `editor-${stamp}@audit.test`, method: "PATCH", status: 200, detail: null },
      { actor: `editor-${stamp}@audit.test`, method: "PATCH", status: 200, detail: null },
      { actor: `owner-${stamp}@audit.test`, method: "POST", status: 201, detail: null },
    ]);
    expect(log.data.entries.at(-1)).toMatchObject({ path: "/api/incidents", ip: "203.0.113.9" });
    // The log is the owner's to read.
    expect((await call(audit.GET, { path: `/api/incidents/${id}/audit`, params: { id }, headers: editor })).status).toBe(403);

    const req = new NextRequest(new URL(`/api/incidents/${id}/audit?format=csv`, "http://localhost"), { headers: owner });
    const csv = await (await audit.GET(req, { params: Promise.resolve({ id }) })).text();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("at,actor,actor_kind,method,path,status,ip,detail");
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain(`owner-${stamp}@audit.test,user,PATCH,/api/incidents/${id},200,`);
  });
});
