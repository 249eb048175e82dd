import { describe, expect, it } from "vitest";
import * as collection from "@/app/api/incidents/route";
import * as item from "@/app/api/incidents/[id]/route";
import { call } from "../http";

const create = (json: unknown) => call(collection.POST, { method: "POST", path: "/api/incidents", json });

describe("incidents API", () => {
  it("creates, reads, lists, updates and deletes an incident", async () => {
    const created = await create({ title: "DNS errors during rollouts", ticket: `OPS-${Date.now()}`, summary: "SERVFAIL spikes" });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ title: "DNS errors during rollouts", summary: "SERVFAIL spikes", uploadCount: 0 });
    const id = created.data.id as string;

    const got = await call(item.GET, { path: `/api/incidents/${id}`, params: { id } });
    expect(got.status).toBe(200);
    expect(got.data.ticket).toBe(created.data.ticket);

    const listed = await call(collection.GET, { path: "/api/incidents" });
    expect(listed.data.incidents.map((i: { id: string }) => i.id)).toContain(id);

    const byTicket = await call(collection.GET, { path: `/api/incidents?ticket=${created.data.ticket}` });
    expect(byTicket.data.incidents).toHaveLength(1);

    const patched = await call(item.PATCH, {
      method: "PATCH",
      path: `/api/incidents/${id}`,
      params: { id },
      json: { summary: "It wasn't DNS", windowFrom: "2024-06-10T06:00:00Z", windowTo: 1718003600000 },
    });
    expect(patched.status).toBe(200);
    expect(patched.data).toMatchObject({ summary: "It wasn't DNS", windowFrom: 1717999200000, windowTo: 1718003600000 });
    expect(patched.data.updatedAt).toBeGreaterThanOrEqual(created.data.updatedAt);

    const deleted = await call(item.DELETE, { method: "DELETE", path: `/api/incidents/${id}`, params: { id } });
    expect(deleted.status).toBe(204);
    const gone = await call(item.GET, { path: `/api/incidents/${id}`, params: { id } });
    expect(gone.status).toBe(404);
    expect(gone.data.error.code).toBe("not_found");
  });

  it.each([
    [{ title: 42 }, "title"],
    [{}, "title"],
    [{ title: "   " }, "title"],
    [{ title: "ok", ticket: "has space" }, "ticket"],
    [{ title: "ok", windowFrom: "yesterday-ish" }, "windowFrom"],
  ])("rejects %j with a 400 naming %s", async (body, field) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.data.error).toMatchObject({ code: "validation_failed", message: expect.any(String) });
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const res = await create("{title: oops");
    expect(res.status).toBe(400);
    expect(res.data.error.code).toBe("invalid_json");
  });

  it("answers 404 for unknown and malformed ids, never 500", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const res = await call(item.GET, { path: `/api/incidents/${id}`, params: { id } });
      expect(res.status).toBe(404);
      expect(res.data.error.code).toBe("not_found");
      const patch = await call(item.PATCH, { method: "PATCH", path: `/api/incidents/${id}`, params: { id }, json: { title: "x" } });
      expect(patch.status).toBe(404);
    }
  });

  it("rejects an empty patch and a window that ends before it starts", async () => {
    const { data } = await create({ title: "window" });
    const empty = await call(item.PATCH, { method: "PATCH", params: { id: data.id }, json: {} });
    expect(empty.status).toBe(400);
    const backwards = await call(item.PATCH, { method: "PATCH", params: { id: data.id }, json: { windowFrom: 2000, windowTo: 1000 } });
    expect(backwards.status).toBe(400);
    expect(backwards.data.error.details[0].path).toBe("windowTo");
  });

  it("refuses a second incident for the same ticket with 409", async () => {
    const ticket = `DUP-${Date.now()}`;
    expect((await create({ title: "a", ticket })).status).toBe(201);
    const second = await create({ title: "b", ticket });
    expect(second.status).toBe(409);
    expect(second.data.error.code).toBe("ticket_taken");
  });
});
