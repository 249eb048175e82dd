import { describe, expect, it } from "vitest";
import * as reorder from "@/app/api/incidents/[id]/hypotheses/reorder/route";
import { call } from "../http";
import { api, newIncident, UNKNOWN } from "./helpers";

async function threeHypotheses() {
  const id = await newIncident();
  const ids: string[] = [];
  for (const title of ["DNS", "conntrack", "rp_filter"]) ids.push((await api.createHypothesis(id, { title })).data.id);
  return { id, ids };
}

const order = async (id: string) =>
  (await api.listHypotheses(id)).data.hypotheses.map((h: { id: string; position: number }) => [h.id, h.position]);

describe("hypothesis ordering", () => {
  it("appends new hypotheses and moves one with PATCH position", async () => {
    const { id, ids } = await threeHypotheses();
    const [a, b, c] = ids as [string, string, string];
    expect(await order(id)).toEqual([[a, 0], [b, 1], [c, 2]]);
    const moved = await api.patchHypothesis(id, c, { position: 0 });
    expect(moved.status).toBe(200);
    expect(moved.data.position).toBe(0);
    expect(await order(id)).toEqual([[c, 0], [a, 1], [b, 2]]);
    await api.patchHypothesis(id, c, { position: 99 });
    expect(await order(id)).toEqual([[a, 0], [b, 1], [c, 2]]);
  });

  it("reorders with POST …/reorder, keeping unlisted ones after the listed", async () => {
    const { id, ids } = await threeHypotheses();
    const [a, b, c] = ids as [string, string, string];
    const res = await call(reorder.POST, { method: "POST", params: { id }, json: { ids: [c, a] } });
    expect(res.status).toBe(200);
    expect(res.data.hypotheses.map((h: { id: string }) => h.id)).toEqual([c, a, b]);
    expect(await order(id)).toEqual([[c, 0], [a, 1], [b, 2]]);

    const unknown = await call(reorder.POST, { method: "POST", params: { id }, json: { ids: [UNKNOWN] } });
    expect(unknown.status).toBe(400);
    const twice = await call(reorder.POST, { method: "POST", params: { id }, json: { ids: [a, a] } });
    expect(twice.status).toBe(400);
    expect(twice.data.error.details[0].path).toBe("ids");
    const noIncident = await call(reorder.POST, { method: "POST", params: { id: UNKNOWN }, json: { ids: [a] } });
    expect(noIncident.status).toBe(404);
  });
});

describe("concurrent edits", () => {
  it("accepts one of two edits made from the same version and answers 409 to the other", async () => {
    const id = await newIncident();
    const { data: h } = await api.createHypothesis(id, { title: "original" });
    const results = await Promise.all(
      ["from browser A", "from browser B"].map((title) => api.patchHypothesis(id, h.id, { title, updatedAt: h.updatedAt })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.data.error.code).toBe("conflict");
    expect(loser.data.error.details.current).toMatchObject({ id: h.id, title: winner.data.title, updatedAt: winner.data.updatedAt });
    // The loser retries on top of what it was shown.
    const retried = await api.patchHypothesis(id, h.id, { title: "merged", updatedAt: loser.data.error.details.current.updatedAt });
    expect(retried.status).toBe(200);
  });

  it("records both of two concurrent status changes", async () => {
    const id = await newIncident();
    const { data: h } = await api.createHypothesis(id, { title: "rollouts cause it" });
    const results = await Promise.all([
      api.patchHypothesis(id, h.id, { status: "supported", reason: "A: SYN storm at each rollout", updatedAt: h.updatedAt }),
      api.patchHypothesis(id, h.id, { status: "refuted", reason: "B: also seen without rollouts", updatedAt: h.updatedAt }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const { data: after } = await api.getHypothesis(id, h.id);
    expect(after.history).toHaveLength(3);
    expect(after.history.slice(1).map((e: { reason: string }) => e.reason).sort()).toEqual(["A: SYN storm at each rollout", "B: also seen without rollouts"]);
    // The current status is the last one recorded.
    expect(after.status).toBe(after.history.at(-1).status);
  });

  it("answers 409 to an annotation edit made from a stale version", async () => {
    const id = await newIncident();
    const { data: a } = await api.createAnnotation(id, { from: 1000, text: "first" });
    const results = await Promise.all(["A", "B"].map((text) => api.patchAnnotation(id, a.id, { text, updatedAt: a.updatedAt })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.data.error).toMatchObject({ code: "conflict", details: { current: { id: a.id } } });
    expect(["A", "B"]).toContain(loser.data.error.details.current.text);
  });
});
