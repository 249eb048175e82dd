// Sign-in mode through the real route handlers and a real PostgreSQL: nobody gets in without a
// session, a password signs in (and is rate-limited), authors come from the session, sessions end
// on sign-out, on expiry and when an administrator revokes them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as login from "@/app/api/auth/login/route";
import * as logout from "@/app/api/auth/logout/route";
import * as me from "@/app/api/auth/me/route";
import * as sessions from "@/app/api/admin/sessions/route";
import * as session from "@/app/api/admin/sessions/[sid]/route";
import * as users from "@/app/api/admin/users/route";
import * as incidents from "@/app/api/incidents/route";
import * as hypotheses from "@/app/api/incidents/[id]/hypotheses/route";
import path from "node:path";
import { ensureFirstAdmin } from "@/lib/auth/first-admin";
import { hashToken } from "@/lib/auth/sessions";
import { saveUser } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { dropDatabase, ensureDatabase, withDatabase } from "@/lib/runtime/database-server";
import { migrateDatabase } from "@/lib/runtime/migrate";
import { call } from "../http";

const ADMIN = { email: `root-${Date.now()}@example.test`, password: "correct horse battery" };
const signIn = async (email: string, password: string, ip = "203.0.113.7") => {
  const res = await call(login.POST, { method: "POST", path: "/api/auth/login", json: { email, password }, headers: { "x-forwarded-for": ip } });
  const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
  return { ...res, cookie };
};

describe("sign-in mode", () => {
  beforeAll(async () => {
    process.env.HINDSIGHT_AUTH = "signin";
    process.env.HINDSIGHT_PUBLIC_URL = "http://localhost";
    await saveUser({ email: ADMIN.email, name: "Root", role: "admin", password: ADMIN.password });
  });
  afterAll(() => {
    delete process.env.HINDSIGHT_AUTH;
    delete process.env.HINDSIGHT_PUBLIC_URL;
  });

  it("refuses every call without a session with 401, and says how one signs in", async () => {
    for (const res of [
      await call(incidents.GET, { path: "/api/incidents" }),
      await call(incidents.POST, { method: "POST", path: "/api/incidents", json: { title: "anonymous" } }),
      await call(sessions.GET, { path: "/api/admin/sessions" }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.data.error.code).toBe("unauthorized");
    }
    const who = await call(me.GET, { path: "/api/auth/me" });
    expect(who.data).toEqual({ mode: "signin", user: null, provider: null });
  });

  it("signs in with a password; the author of a change is the user, whatever the name cookie says", async () => {
    const { status, data, cookie } = await signIn(ADMIN.email.toUpperCase(), ADMIN.password);
    expect(status).toBe(200);
    expect(data.user).toMatchObject({ email: ADMIN.email, name: "Root", role: "admin" });
    expect(cookie).toMatch(/^hindsight_session=[\w-]{40,}$/);

    const headers = { cookie: `${cookie}; hindsight_name=Mallory` };
    const incident = await call(incidents.POST, { method: "POST", path: "/api/incidents", json: { title: "signed in" }, headers });
    expect(incident.status).toBe(201);
    const id = incident.data.id as string;
    const h = await call(hypotheses.POST, { method: "POST", path: `/api/incidents/${id}/hypotheses`, params: { id }, json: { title: "conntrack table full" }, headers });
    expect(h.status).toBe(201);
    expect(h.data.author).toBe("Root");
  });

  it("answers a wrong password and an unknown email alike, and slows guessing down with 429", async () => {
    const email = `guess-${Date.now()}@example.test`;
    const wrong = await signIn(ADMIN.email, "not the password", "198.51.100.1");
    const unknown = await signIn(email, "not the password", "198.51.100.2");
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.data.error.message).toBe(unknown.data.error.message);
    const tries = [];
    for (let i = 0; i < 5; i++) tries.push((await signIn(email, `try ${i}`, `198.51.100.${10 + i}`)).status);
    expect(tries).toEqual([401, 401, 401, 401, 429]);
    const limited = await signIn(email, "again", "198.51.100.99");
    expect(limited.status).toBe(429);
    expect(limited.data.error.code).toBe("rate_limited");
    expect(limited.data.error.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("lets an administrator create a member, who may not administer", async () => {
    const admin = await signIn(ADMIN.email, ADMIN.password);
    const member = { email: `ana-${Date.now()}@example.test`, name: "Ana", password: "a long enough secret" };
    const created = await call(users.POST, { method: "POST", path: "/api/admin/users", json: member, headers: { cookie: admin.cookie } });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ email: member.email, role: "member" });
    const short = await call(users.POST, { method: "POST", path: "/api/admin/users", json: { ...member, password: "short" }, headers: { cookie: admin.cookie } });
    expect(short.status).toBe(400);

    const ana = await signIn(member.email, member.password);
    expect(ana.status).toBe(200);
    const refused = await call(sessions.GET, { path: "/api/admin/sessions", headers: { cookie: ana.cookie } });
    expect(refused.status).toBe(403);
    expect(refused.data.error.code).toBe("forbidden");
    expect((await call(users.POST, { method: "POST", path: "/api/admin/users", json: { ...member, role: "admin" }, headers: { cookie: ana.cookie } })).status).toBe(403);
  });

  it("ends a session on sign-out, on expiry and when an administrator revokes it", async () => {
    const list = (cookie: string) => call(incidents.GET, { path: "/api/incidents", headers: { cookie } });
    const admin = await signIn(ADMIN.email, ADMIN.password);

    const a = await signIn(ADMIN.email, ADMIN.password);
    expect((await list(a.cookie)).status).toBe(200);
    const out = await call(logout.POST, { method: "POST", path: "/api/auth/logout", headers: { cookie: a.cookie } });
    expect(out.headers.get("set-cookie")).toMatch(/hindsight_session=;/);
    expect((await list(a.cookie)).status).toBe(401);

    const b = await signIn(ADMIN.email, ADMIN.password);
    await db.prisma.session.updateMany({ where: { tokenHash: hashToken(b.cookie.split("=")[1]!) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await list(b.cookie)).status).toBe(401);

    const c = await signIn(ADMIN.email, ADMIN.password, "192.0.2.55");
    const live = await call(sessions.GET, { path: "/api/admin/sessions", headers: { cookie: admin.cookie } });
    const target = live.data.sessions.find((s: { ip: string }) => s.ip === "192.0.2.55");
    expect(target).toBeDefined();
    const revoked = await call(session.DELETE, { method: "DELETE", path: `/api/admin/sessions/${target.id}`, params: { sid: target.id }, headers: { cookie: admin.cookie } });
    expect(revoked.status).toBe(200);
    expect((await list(c.cookie)).status).toBe(401);
    expect((await list(admin.cookie)).status).toBe(200);
  });
});

describe("the first administrator", () => {
  // On a database of its own: other test files create administrators in the shared one.
  const name = `hindsight_first_admin_${process.pid}_${Date.now()}`;
  const server = process.env.DATABASE_URL!;
  const url = withDatabase(server, name);
  beforeAll(async () => {
    await ensureDatabase(server, name);
    await migrateDatabase(url, path.resolve(import.meta.dirname, "../.."));
  }, 120_000);
  afterAll(() => dropDatabase(server, name));

  it("is created once, by the one-time step, and only when none exists", async () => {
    expect(await ensureFirstAdmin(url, {})).toEqual({ missing: true });
    await expect(ensureFirstAdmin(url, { HINDSIGHT_ADMIN_EMAIL: "first@example.test", HINDSIGHT_ADMIN_PASSWORD: "short" })).rejects.toThrow(/HINDSIGHT_ADMIN_PASSWORD/);
    expect(await ensureFirstAdmin(url, { HINDSIGHT_ADMIN_EMAIL: " First@Example.test ", HINDSIGHT_ADMIN_PASSWORD: "long enough secret" })).toEqual({ created: "first@example.test" });
    expect(await ensureFirstAdmin(url, { HINDSIGHT_ADMIN_EMAIL: "second@example.test" })).toEqual({ exists: true });
  });
});

describe("local mode", () => {
  it("needs no session and says so", async () => {
    expect((await call(me.GET, { path: "/api/auth/me" })).data).toEqual({ mode: "local", user: null, provider: null });
    expect((await call(incidents.POST, { method: "POST", path: "/api/incidents", json: { title: "local" } })).status).toBe(201);
    const res = await call(login.POST, { method: "POST", path: "/api/auth/login", json: { email: "a@b.test", password: "whatever it is" } });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toContain("HINDSIGHT_AUTH=signin");
  });
});
