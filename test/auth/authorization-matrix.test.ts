// Every API route and method, against every kind of caller, in sign-in mode: each pair is allowed
// (anything but 401/403) or refused (401 for nobody, 403 for someone without the right). The
// table below is the specification; a route added without an entry fails the first test.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as hypothesesRoute from "@/app/api/incidents/[id]/hypotheses/route";
import * as annotationsRoute from "@/app/api/incidents/[id]/annotations/route";
import * as permalinksRoute from "@/app/api/permalinks/route";
import { createApiToken } from "@/lib/auth/api-tokens";
import { setMember } from "@/lib/auth/members";
import { startSession } from "@/lib/auth/sessions";
import { createShareLink, revokeShareLink } from "@/lib/auth/share-links";
import { saveUser } from "@/lib/auth/users";
import { createIncident } from "@/lib/incidents/incidents";
import { NextRequest } from "next/server";
import { call } from "../http";
import { uploadFiles } from "../uploads";

const ROOT = path.resolve(import.meta.dirname, "../..");
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
/** The legacy shared secret of ticket automations, still accepted beside API tokens. */
const TICKET_SECRET = "legacy-ticket-secret-for-the-matrix";

type Rule = "open" | "admin" | "member" | "list" | "list-by-ticket" | "read" | "write" | "manage" | "ticket" | "ticket-other-prefix";
const IDENTITIES = ["anonymous", "outsider", "viewer", "editor", "owner", "admin", "token:read", "token:uploads", "ticket-secret", "share", "share:revoked"] as const;
type Who = (typeof IDENTITIES)[number];

const ALLOWED: Record<Rule, Who[]> = {
  open: [...IDENTITIES],
  admin: ["admin"],
  member: ["outsider", "viewer", "editor", "owner", "admin"],
  list: ["outsider", "viewer", "editor", "owner", "admin", "token:read"],
  "list-by-ticket": ["outsider", "viewer", "editor", "owner", "admin", "token:read", "token:uploads", "ticket-secret"],
  read: ["viewer", "editor", "owner", "admin", "token:read", "share"],
  write: ["editor", "owner", "admin"],
  manage: ["owner", "admin"],
  ticket: ["outsider", "viewer", "editor", "owner", "admin", "token:uploads", "ticket-secret"],
  "ticket-other-prefix": ["outsider", "viewer", "editor", "owner", "admin", "ticket-secret"],
};

/** route file (under app/) → method → rule; a variant adds a query or a body that changes the rule. */
type Case = { rule: Rule; query?: string; body?: unknown; last?: boolean };
const MATRIX: Record<string, Record<string, Case | Case[]>> = {
  "api/auth/login": { POST: { rule: "open" } },
  "api/auth/logout": { POST: { rule: "open" } },
  "api/auth/me": { GET: { rule: "open" } },
  "api/auth/oidc/start": { GET: { rule: "open" } },
  "api/auth/oidc/callback": { GET: { rule: "open" } },
  "s/[token]": { GET: { rule: "open" } },
  "api/admin/users": { GET: { rule: "admin" }, POST: { rule: "admin" } },
  "api/admin/sessions": { GET: { rule: "admin" } },
  "api/admin/sessions/[sid]": { DELETE: { rule: "admin" } },
  "api/tokens": { GET: { rule: "admin" }, POST: { rule: "admin" } },
  "api/tokens/[tid]": { DELETE: { rule: "admin" } },
  "api/incidents": { GET: [{ rule: "list" }, { rule: "list-by-ticket", query: "?ticket=OPS-404" }], POST: { rule: "member" } },
  "api/incidents/[id]": {
    GET: { rule: "read" },
    PATCH: [{ rule: "write" }, { rule: "manage", body: { ticket: "OPS-MATRIX" } }, { rule: "manage", body: { visibility: "members" }, last: true }],
    DELETE: { rule: "manage", last: true },
  },
  "api/incidents/[id]/access": { GET: { rule: "manage" }, POST: { rule: "manage" } },
  "api/incidents/[id]/access/[userId]": { DELETE: { rule: "manage" } },
  "api/incidents/[id]/share-links": { GET: { rule: "manage" }, POST: { rule: "manage" } },
  "api/incidents/[id]/share-links/[lid]": { DELETE: { rule: "manage" } },
  "api/incidents/[id]/audit": { GET: { rule: "manage" } },
  "api/incidents/[id]/clock-proposals": { GET: { rule: "read" } },
  "api/incidents/[id]/activity": { GET: { rule: "read" } },
  "api/incidents/[id]/events": { GET: { rule: "read" } },
  "api/incidents/[id]/annotations": { GET: { rule: "read" }, POST: { rule: "write" } },
  "api/incidents/[id]/annotations/[aid]": { PATCH: { rule: "write" }, DELETE: { rule: "write" } },
  "api/incidents/[id]/evidence": { GET: { rule: "read" } },
  "api/incidents/[id]/findings": { GET: { rule: "read" } },
  "api/incidents/[id]/findings/[findingId]/accept": { POST: { rule: "write" } },
  "api/incidents/[id]/findings/[findingId]/dismiss": { POST: { rule: "write" } },
  "api/incidents/[id]/hypotheses": { GET: { rule: "read" }, POST: { rule: "write" } },
  "api/incidents/[id]/hypotheses/[hid]": { GET: { rule: "read" }, PATCH: { rule: "write" }, DELETE: { rule: "write" } },
  "api/incidents/[id]/hypotheses/reorder": { POST: { rule: "write" } },
  "api/incidents/[id]/markers": { GET: { rule: "read" }, POST: { rule: "write" } },
  "api/incidents/[id]/markers/[markerId]": { DELETE: { rule: "write" } },
  "api/incidents/[id]/metrics": { GET: { rule: "read" } },
  "api/incidents/[id]/postmortem.md": { GET: { rule: "read" } },
  "api/incidents/[id]/postmortem": { GET: { rule: "read" }, PUT: { rule: "write" } },
  "api/incidents/[id]/postmortem/revisions": { GET: { rule: "read" } },
  "api/incidents/[id]/postmortem/revisions/[rev]": { GET: { rule: "read" } },
  "api/incidents/[id]/postmortem/revisions/[rev]/restore": { POST: { rule: "write" } },
  "api/incidents/[id]/postmortem/timeline": { GET: { rule: "read" } },
  "api/incidents/[id]/series/[kind]": { GET: { rule: "read" } },
  "api/incidents/[id]/top/[kind]": { GET: { rule: "read" } },
  "api/incidents/[id]/uploads": { GET: { rule: "read" }, POST: { rule: "write" } },
  "api/uploads/[id]": { GET: { rule: "read" }, PATCH: { rule: "write" }, DELETE: { rule: "write" } },
  "api/permalinks": { POST: { rule: "read" } },
  "api/permalinks/[slug]": { GET: { rule: "read" } },
  "api/[...rest]": { GET: { rule: "member" }, POST: { rule: "member" }, PUT: { rule: "member" }, PATCH: { rule: "member" }, DELETE: { rule: "member" } },
  "api/tickets/[key]/uploads": { POST: [{ rule: "ticket" }, { rule: "ticket-other-prefix", query: "", body: undefined }] },
};

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Only the status matters here (answers include Markdown, CSV and redirects). */
async function statusOf(handler: Handler, method: string, pathname: string, params: Record<string, string>, headers: Record<string, string>, json: unknown) {
  const init = json === undefined ? {} : { body: JSON.stringify(json), headers: { ...headers, "content-type": "application/json" } };
  const req = new NextRequest(new URL(pathname, "http://localhost"), { method, headers, ...init });
  const res = await handler(req, { params: Promise.resolve(params) });
  // An event stream never ends by itself: its status is all there is to read.
  if (res.headers.get("content-type")?.startsWith("text/event-stream")) await res.body?.cancel();
  else await res.arrayBuffer();
  return res.status;
}

function routeFiles(dir = path.join(ROOT, "app")): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [path.relative(path.join(ROOT, "app"), path.dirname(full)).split(path.sep).join("/")] : [];
  });
}
const methodsOf = (route: string) => [...readFileSync(path.join(ROOT, "app", route, "route.ts"), "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);

const fx = {} as {
  incident: string;
  upload: string;
  hypothesis: string;
  annotation: string;
  slug: string;
  users: Record<"outsider" | "viewer" | "editor" | "owner" | "admin", string>;
  tokens: Record<"read" | "uploads", string>;
  share: string;
  revokedShare: string;
};

async function headersFor(who: Who): Promise<Record<string, string>> {
  if (who === "anonymous") return {};
  if (who === "token:read") return { authorization: `Bearer ${fx.tokens.read}` };
  if (who === "token:uploads") return { authorization: `Bearer ${fx.tokens.uploads}` };
  if (who === "ticket-secret") return { authorization: `Bearer ${TICKET_SECRET}` };
  if (who === "share") return { cookie: `hindsight_share=${fx.share}` };
  if (who === "share:revoked") return { cookie: `hindsight_share=${fx.revokedShare}` };
  // A fresh session per call: sign-out in the matrix ends only its own.
  const { token } = await startSession(fx.users[who], 3_600_000, { ip: "192.0.2.1", userAgent: "matrix" });
  return { cookie: `hindsight_session=${token}` };
}

function paramsFor(route: string, ticketKey: string): Record<string, string> {
  const values: Record<string, string> = {
    id: route.startsWith("api/uploads/") ? fx.upload : fx.incident,
    hid: fx.hypothesis,
    aid: fx.annotation,
    slug: fx.slug,
    kind: "flows",
    rev: "1",
    key: ticketKey,
    token: fx.share,
    sid: UNKNOWN,
    tid: UNKNOWN,
    lid: UNKNOWN,
    userId: UNKNOWN,
    "...rest": "no/such/route",
    findingId: UNKNOWN,
    markerId: UNKNOWN,
  };
  return Object.fromEntries([...route.matchAll(/\[([^\]]+)\]/g)].map((m) => [m[1]!, values[m[1]!]!]));
}

describe("authorization matrix", () => {
  beforeAll(async () => {
    // Content made in local mode, then sign-in turned on.
    const ids = {} as typeof fx.users;
    const emails = {} as typeof fx.users;
    for (const who of ["outsider", "viewer", "editor", "owner", "admin"] as const) {
      const user = await saveUser({ email: `${who}-${Date.now()}@matrix.test`, name: who, role: who === "admin" ? "admin" : "member" });
      ids[who] = user.id;
      emails[who] = user.email;
    }
    fx.users = ids;
    const incident = await createIncident({ title: "restricted incident", visibility: "restricted" }, ids.owner);
    fx.incident = incident.id;
    const flows = path.join(os.tmpdir(), `matrix-${process.pid}.log`);
    writeFileSync(flows, "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action tcp-flags log-status\n5 eni-1 10.0.1.5 10.0.42.17 40000 8080 6 1 60 1718000000 1718000001 ACCEPT 2 OK\n");
    fx.upload = (await uploadFiles(fx.incident, [flows])).data.uploads[0].id;
    fx.hypothesis = (await call(hypothesesRoute.POST, { method: "POST", params: { id: fx.incident }, json: { title: "conntrack" } })).data.id;
    fx.annotation = (await call(annotationsRoute.POST, { method: "POST", params: { id: fx.incident }, json: { from: 1718000000000, text: "x" } })).data.id;
    fx.slug = (await call(permalinksRoute.POST, { method: "POST", json: { incidentId: fx.incident, view: { query: "" } } })).data.slug;
    await setMember(fx.incident, emails.viewer, "viewer");
    await setMember(fx.incident, emails.editor, "editor");
    fx.tokens = {
      read: (await createApiToken({ name: "reader", scopes: ["read"] }, null)).token,
      uploads: (await createApiToken({ name: "ticket system", scopes: ["uploads:write"], ticketPrefix: "OPS-" }, null)).token,
    };
    fx.share = (await createShareLink(fx.incident, { query: "", expiresAt: null }, null)).token;
    const revoked = await createShareLink(fx.incident, { query: "", expiresAt: null }, null);
    await revokeShareLink(fx.incident, revoked.id);
    fx.revokedShare = revoked.token;
    process.env.HINDSIGHT_AUTH = "signin";
    process.env.HINDSIGHT_PUBLIC_URL = "http://localhost";
    process.env.HINDSIGHT_TICKET_SECRET = TICKET_SECRET;
  });
  afterAll(() => {
    delete process.env.HINDSIGHT_AUTH;
    delete process.env.HINDSIGHT_PUBLIC_URL;
    delete process.env.HINDSIGHT_TICKET_SECRET;
  });

  it("has an entry for every route and method, and no entry for one that does not exist", () => {
    const actual = routeFiles().flatMap((r) => methodsOf(r).map((m) => `${m} ${r}`)).sort();
    const listed = Object.entries(MATRIX).flatMap(([r, ms]) => Object.keys(ms).map((m) => `${m} ${r}`)).sort();
    expect(listed).toEqual(actual);
  });

  const rows = Object.entries(MATRIX)
    .flatMap(([route, methods]) => Object.entries(methods).flatMap(([method, cases]) => [cases].flat().map((c) => ({ route, method, ...c }))))
    .sort((a, b) => Number(a.last ?? false) - Number(b.last ?? false));

  it.each(rows)("$method /$route $query $body → $rule", async ({ route, method, rule, query, body }) => {
    const mod = (await import(/* @vite-ignore */ path.join(ROOT, "app", route, "route.ts"))) as Record<string, Handler>;
    const ticketKey = rule === "ticket-other-prefix" ? "SEC-1" : "OPS-7";
    const params = paramsFor(route, ticketKey);
    const pathname = `/${route.replace(/\[([^\]]+)\]/g, (_, k: string) => encodeURIComponent(params[k]!))}${query ?? ""}`;
    // Refusals first: an allowed DELETE may remove what the next caller would be judged on.
    const order = [...IDENTITIES].sort((a, b) => Number(ALLOWED[rule].includes(a)) - Number(ALLOWED[rule].includes(b)));
    const seen: Record<string, number> = {};
    for (const who of order) {
      const headers = await headersFor(who);
      const json = method === "GET" ? undefined : (body ?? (route === "api/permalinks" ? { incidentId: fx.incident } : {}));
      seen[who] = await statusOf(mod[method]!, method, pathname, params, headers, json);
    }
    const expected = Object.fromEntries(order.map((who) => [who, ALLOWED[rule].includes(who) ? "allowed" : who === "anonymous" || who === "share:revoked" ? 401 : 403]));
    const got = Object.fromEntries(order.map((who) => [who, seen[who] === 401 || seen[who] === 403 ? seen[who] : "allowed"]));
    expect(got, JSON.stringify(seen)).toEqual(expected);
  });
});
