// The request mechanics every route shares: the closed list of error codes, Prisma errors mapped
// by the handler, and incidentRoute's 404s.
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import * as collection from "@/app/api/incidents/route";
import * as item from "@/app/api/incidents/[id]/route";
import * as activity from "@/app/api/incidents/[id]/activity/route";
import * as annotations from "@/app/api/incidents/[id]/annotations/route";
import * as evidence from "@/app/api/incidents/[id]/evidence/route";
import * as findings from "@/app/api/incidents/[id]/findings/route";
import * as hypotheses from "@/app/api/incidents/[id]/hypotheses/route";
import * as reorder from "@/app/api/incidents/[id]/hypotheses/reorder/route";
import * as markers from "@/app/api/incidents/[id]/markers/route";
import * as metrics from "@/app/api/incidents/[id]/metrics/route";
import * as exportMd from "@/app/api/incidents/[id]/postmortem.md/route";
import * as postmortem from "@/app/api/incidents/[id]/postmortem/route";
import * as revisions from "@/app/api/incidents/[id]/postmortem/revisions/route";
import * as revision from "@/app/api/incidents/[id]/postmortem/revisions/[rev]/route";
import * as restore from "@/app/api/incidents/[id]/postmortem/revisions/[rev]/restore/route";
import * as timeline from "@/app/api/incidents/[id]/postmortem/timeline/route";
import * as uploads from "@/app/api/incidents/[id]/uploads/route";
import { ApiError, ERROR_CODES, type ErrorCode } from "@/lib/api/errors";
import { route } from "@/lib/route/handler";
import { isUniqueViolation } from "@/lib/api/prisma-errors";
import { db } from "@/lib/db";
import { incidentRoute } from "@/lib/incidents/incident-route";
import type { TIncident } from "@/lib/schemas/incident";
import { call } from "../http";

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

async function newIncident(json: Record<string, unknown> = {}): Promise<TIncident> {
  const res = await call(collection.POST, { method: "POST", json: { title: "mechanics", ...json } });
  expect(res.status).toBe(201);
  return res.data;
}

/** A handler that throws `error`, called through the wrapper. */
const throwing = (error: unknown) => call(route(async () => Promise.reject(error)));

afterEach(() => vi.restoreAllMocks());

describe("the closed list of error codes", () => {
  it.each(Object.entries(ERROR_CODES) as Array<[ErrorCode, number]>)("%s answers %i with the usual error shape", async (code, status) => {
    if (code === "internal") vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await throwing(new ApiError(code, `about ${code}`, { why: code }));
    expect(res.status).toBe(status);
    expect(res.data).toEqual({ error: { code, message: `about ${code}`, details: { why: code } } });
  });

  it("leaves details out when there are none", async () => {
    expect((await throwing(new ApiError("conflict", "x"))).data).toEqual({ error: { code: "conflict", message: "x" } });
  });

  it("answers zod errors as validation_failed and anything else as a logged 500 internal", async () => {
    const zod = await throwing(z.object({ a: z.string() }).safeParse({}).error);
    expect(zod.status).toBe(400);
    expect(zod.data.error).toMatchObject({ code: "validation_failed", details: [{ path: "a", message: expect.any(String) }] });
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const boom = await throwing(new Error("secret stack"));
    expect(boom.status).toBe(500);
    expect(boom.data).toEqual({ error: { code: "internal", message: "Something went wrong on our side; the error was logged." } });
    expect(log).toHaveBeenCalledOnce();
  });
});

describe("Prisma errors through the handler", () => {
  it("answers a taken ticket, on create and on update, with 409 ticket_taken naming it", async () => {
    const ticket = `MECH-${Date.now()}`;
    await newIncident({ ticket });
    const expected = { error: { code: "ticket_taken", message: `Another incident already references ticket ${ticket}.`, details: { ticket } } };
    const created = await call(collection.POST, { method: "POST", json: { title: "again", ticket } });
    expect(created.status).toBe(409);
    expect(created.data).toEqual(expected);
    const other = await newIncident();
    const patched = await call(item.PATCH, { method: "PATCH", params: { id: other.id }, json: { ticket } });
    expect(patched.status).toBe(409);
    expect(patched.data).toEqual(expected);
  });

  it("answers any other unique violation with 409 duplicate", async () => {
    const incident = await newIncident();
    const twice = route(async () => {
      for (let i = 0; i < 2; i++) await db.prisma.postmortem.create({ data: { incidentId: incident.id } });
    });
    const res = await call(twice);
    expect(res.status).toBe(409);
    expect(res.data).toEqual({ error: { code: "duplicate", message: "A postmortem with the same incident_id already exists.", details: { fields: ["incident_id"] } } });
  });

  it("answers a missing row (P2025) and a missing reference (P2003) with 404 not_found", async () => {
    const update = await call(route(async () => db.prisma.incident.update({ where: { id: UNKNOWN }, data: { title: "x" } })));
    expect(update.status).toBe(404);
    expect(update.data.error).toEqual({ code: "not_found", message: "That incident does not exist (it may have just been deleted)." });
    const reference = await call(route(async () => db.prisma.marker.create({ data: { incidentId: UNKNOWN, ts: new Date(), kind: "deploy", label: "x" } })));
    expect(reference.status).toBe(404);
    expect(reference.data.error.code).toBe("not_found");
  });

  it("tells a permalink slug collision from other errors", async () => {
    const incident = await newIncident();
    const data = { slug: `mech${Date.now()}`, incidentId: incident.id, view: {} };
    await db.prisma.permalink.create({ data });
    const error = await db.prisma.permalink.create({ data }).catch((e: unknown) => e);
    expect(isUniqueViolation(error, "slug")).toBe(true);
    expect(isUniqueViolation(error, "ticket")).toBe(false);
    expect(isUniqueViolation(new Error("not prisma"))).toBe(false);
  });
});

describe("incidentRoute", () => {
  it("loads the incident once and hands it to the handler; unknown and malformed ids never reach it", async () => {
    const seen: TIncident[] = [];
    const handler = incidentRoute(async (_req, { incident }) => {
      seen.push(incident);
      return { title: incident.title };
    });
    const incident = await newIncident({ title: "handed over" });
    expect((await call(handler, { params: { id: incident.id } })).data).toEqual({ title: "handed over" });
    expect(seen).toEqual([incident]);

    const unknown = await call(handler, { params: { id: UNKNOWN } });
    expect(unknown.status).toBe(404);
    expect(unknown.data).toEqual({ error: { code: "not_found", message: `Incident ${UNKNOWN} does not exist.`, details: { id: UNKNOWN } } });
    const malformed = await call(handler, { path: "/api/incidents/not-a-uuid", params: { id: "not-a-uuid" } });
    expect(malformed.status).toBe(404);
    expect(malformed.data).toEqual({ error: { code: "not_found", message: "Nothing exists at /api/incidents/not-a-uuid." } });
    expect(seen).toHaveLength(1);
  });

  const handlers = {
    "GET incident": item.GET, "PATCH incident": item.PATCH, "DELETE incident": item.DELETE, "GET activity": activity.GET,
    "GET annotations": annotations.GET, "POST annotations": annotations.POST, "GET evidence": evidence.GET, "GET findings": findings.GET,
    "GET hypotheses": hypotheses.GET, "POST hypotheses": hypotheses.POST, "POST reorder": reorder.POST, "GET markers": markers.GET,
    "POST markers": markers.POST, "GET metrics": metrics.GET, "GET postmortem.md": exportMd.GET, "GET postmortem": postmortem.GET,
    "PUT postmortem": postmortem.PUT, "GET revisions": revisions.GET, "GET revision": revision.GET, "POST restore": restore.POST,
    "GET timeline": timeline.GET, "GET uploads": uploads.GET, "POST uploads": uploads.POST,
  };

  it.each(Object.entries(handlers))("%s answers 404 not_found for an unknown and a malformed id", async (name, handler) => {
    const method = name.split(" ")[0]!;
    for (const id of [UNKNOWN, "not-a-uuid"]) {
      const res = await call(handler, { method, params: { id, rev: "1" }, ...(method === "GET" || method === "DELETE" ? {} : { json: {} }) });
      expect(res.status, id).toBe(404);
      expect(res.data.error.code).toBe("not_found");
    }
  });
});
