import { describe, expect, it } from "vitest";
import { api, as, newIncident, paths, UNKNOWN } from "./helpers";

describe("hypotheses API", () => {
  it("creates, reads, lists, edits and deletes a hypothesis", async () => {
    const id = await newIncident();
    const created = await api.createHypothesis(id, { title: "Conntrack table saturated", description: "60k during rollouts" }, { headers: as("Ana María") });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ incidentId: id, title: "Conntrack table saturated", description: "60k during rollouts", status: "open", position: 0, author: "Ana María" });
    expect(created.data.history).toEqual([{ status: "open", reason: null, author: "Ana María", at: created.data.createdAt }]);
    const hid = created.data.id as string;

    expect((await api.getHypothesis(id, hid)).data).toEqual(created.data);
    expect((await api.listHypotheses(id)).data.hypotheses.map((h: { id: string }) => h.id)).toEqual([hid]);

    const edited = await api.patchHypothesis(id, hid, { title: "Hypervisor conntrack saturated", updatedAt: created.data.updatedAt });
    expect(edited.status).toBe(200);
    expect(edited.data).toMatchObject({ title: "Hypervisor conntrack saturated", description: "60k during rollouts", status: "open" });
    expect(edited.data.updatedAt).toBeGreaterThan(created.data.updatedAt);

    expect((await api.deleteHypothesis(id, hid)).status).toBe(204);
    expect((await api.getHypothesis(id, hid)).status).toBe(404);
    expect((await api.listHypotheses(id)).data.hypotheses).toEqual([]);
    expect((await api.deleteHypothesis(id, hid)).status).toBe(404);
  });

  it("keeps every status change with who, when and why", async () => {
    const id = await newIncident();
    const { data: h } = await api.createHypothesis(id, { title: "It's DNS" });
    expect(h.author).toBeNull();
    const supported = await api.patchHypothesis(id, h.id, { status: "supported", reason: "SERVFAIL spikes line up with rollouts" }, { headers: as("kim") });
    expect(supported.status).toBe(200);
    const refuted = await api.patchHypothesis(id, h.id, { status: "refuted", reason: "  resolver healthy; SYNs dropped by rp_filter " }, { headers: as("lee") });
    expect(refuted.data.status).toBe("refuted");
    expect(refuted.data.history).toEqual([
      { status: "open", reason: null, author: null, at: expect.any(Number) },
      { status: "supported", reason: "SERVFAIL spikes line up with rollouts", author: "kim", at: expect.any(Number) },
      { status: "refuted", reason: "resolver healthy; SYNs dropped by rp_filter", author: "lee", at: expect.any(Number) },
    ]);
    const ats = refuted.data.history.map((e: { at: number }) => e.at);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    expect(refuted.data.updatedAt).toBe(ats.at(-1));
  });

  it.each([
    [{ status: "supported" }, "reason"],
    [{ status: "supported", reason: "   " }, "reason"],
    [{ status: "proven", reason: "x" }, "status"],
    [{ reason: "why not" }, "status"],
    [{ title: "" }, "title"],
    [{ position: -1 }, "position"],
    [{ position: 1.5 }, "position"],
    [{ title: "x", updatedAt: "last tuesday" }, "updatedAt"],
    [{}, ""],
  ])("rejects the patch %j with a 400 naming %s", async (body, field) => {
    const id = await newIncident();
    const { data: h } = await api.createHypothesis(id, { title: "t" });
    const res = await api.patchHypothesis(id, h.id, body);
    expect(res.status).toBe(400);
    expect(res.data.error.code).toBe("validation_failed");
    expect(paths(res.data.error.details)).toContain(field);
  });

  it("rejects invalid hypotheses with details for each field", async () => {
    const id = await newIncident();
    const res = await api.createHypothesis(id, { title: "  ", description: 42 });
    expect(res.status).toBe(400);
    expect(paths(res.data.error.details).sort()).toEqual(["description", "title"]);
    const notJson = await api.createHypothesis(id, "{oops");
    expect(notJson.data.error.code).toBe("invalid_json");
  });

  it("answers 404 for unknown incidents and hypotheses, and for one of another incident", async () => {
    const id = await newIncident();
    const other = await newIncident();
    const { data: h } = await api.createHypothesis(other, { title: "elsewhere" });
    expect((await api.listHypotheses(UNKNOWN)).status).toBe(404);
    expect((await api.createHypothesis(UNKNOWN, { title: "x" })).status).toBe(404);
    for (const hid of [UNKNOWN, "not-a-uuid", h.id]) {
      expect((await api.getHypothesis(id, hid)).status).toBe(404);
      expect((await api.patchHypothesis(id, hid, { title: "x" })).status).toBe(404);
      expect((await api.deleteHypothesis(id, hid)).status).toBe(404);
    }
  });
});
