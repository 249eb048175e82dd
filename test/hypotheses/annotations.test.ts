import { describe, expect, it } from "vitest";
import { api, as, newIncident, paths, UNKNOWN } from "./helpers";

const T0 = Date.parse("2024-06-10T06:00:00Z");

describe("annotations API", () => {
  it("creates, lists, edits and deletes annotations", async () => {
    const id = await newIncident();
    const { data: h } = await api.createHypothesis(id, { title: "SYN flood to deleted pod IPs" });
    const range = await api.createAnnotation(
      id,
      { from: T0, to: "2024-06-10T06:01:30Z", text: "**130k SYNs** in 90 s", stance: "supports", hypothesisId: h.id, panel: "flows" },
      { headers: as("Ana") },
    );
    expect(range.status).toBe(201);
    expect(range.data).toMatchObject({
      incidentId: id, from: T0, to: T0 + 90_000, text: "**130k SYNs** in 90 s", stance: "supports", hypothesisId: h.id, panel: "flows", author: "Ana",
    });
    expect(range.data.updatedAt).toBe(range.data.createdAt);

    const point = await api.createAnnotation(id, { from: T0 + 600_000, text: "rollout restarted" });
    expect(point.status).toBe(201);
    expect(point.data).toMatchObject({ from: T0 + 600_000, to: T0 + 600_000, stance: "context", hypothesisId: null, panel: null, author: null });

    const all = await api.listAnnotations(id);
    expect(all.data.annotations.map((a: { id: string }) => a.id)).toEqual([range.data.id, point.data.id]);
    const windowed = await api.listAnnotations(id, `?from=${T0 + 300_000}&to=${T0 + 900_000}`);
    expect(windowed.data.annotations.map((a: { id: string }) => a.id)).toEqual([point.data.id]);

    const edited = await api.patchAnnotation(id, range.data.id, { stance: "refutes", hypothesisId: null, updatedAt: range.data.updatedAt });
    expect(edited.status).toBe(200);
    expect(edited.data).toMatchObject({ stance: "refutes", hypothesisId: null, text: range.data.text, from: T0 });
    expect(edited.data.updatedAt).toBeGreaterThan(range.data.updatedAt);

    expect((await api.deleteAnnotation(id, point.data.id)).status).toBe(204);
    expect((await api.listAnnotations(id)).data.annotations).toHaveLength(1);
    expect((await api.patchAnnotation(id, point.data.id, { text: "x" })).status).toBe(404);
    expect((await api.deleteAnnotation(id, point.data.id)).status).toBe(404);
  });

  it("scopes an annotation to some panels, or every panel by default, and moves its edges", async () => {
    const id = await newIncident();
    const all = await api.createAnnotation(id, { from: T0, to: T0 + 60_000, text: "rollout" });
    expect(all.data.panels).toEqual([]);
    const scoped = await api.createAnnotation(id, { from: T0, to: T0 + 60_000, text: "SYNs", panel: "flows", panels: ["flows", "metric-conntrack", "flows"] });
    expect(scoped.status).toBe(201);
    expect(scoped.data.panels).toEqual(["flows", "metric-conntrack"]);
    const widened = await api.patchAnnotation(id, scoped.data.id, { from: T0 - 30_000, to: T0 + 90_000, panels: [], updatedAt: scoped.data.updatedAt });
    expect(widened.status).toBe(200);
    expect(widened.data).toMatchObject({ from: T0 - 30_000, to: T0 + 90_000, panels: [], panel: "flows", text: "SYNs" });
    const bad = await api.createAnnotation(id, { from: T0, text: "x", panels: ["sidebar"] });
    expect(bad.status).toBe(400);
    expect(paths(bad.data.error.details)).toEqual(["panels.0"]);
  });

  it("rejects invalid annotations with details for each field", async () => {
    const id = await newIncident();
    const res = await api.createAnnotation(id, { from: "soon", text: "", stance: "maybe", hypothesisId: "h1", panel: "" });
    expect(res.status).toBe(400);
    expect(paths(res.data.error.details).sort()).toEqual(["from", "hypothesisId", "panel", "stance", "text"]);
    const backwards = await api.createAnnotation(id, { from: 2000, to: 1000, text: "x" });
    expect(backwards.status).toBe(400);
    expect(paths(backwards.data.error.details)).toEqual(["to"]);
  });

  it("rejects a patch that would end the annotation before it starts", async () => {
    const id = await newIncident();
    const { data: a } = await api.createAnnotation(id, { from: 5000, to: 6000, text: "x" });
    const res = await api.patchAnnotation(id, a.id, { to: 1000 });
    expect(res.status).toBe(400);
    expect(paths(res.data.error.details)).toEqual(["to"]);
    expect((await api.patchAnnotation(id, a.id, {})).status).toBe(400);
  });

  it("refuses a hypothesis of another incident, or a deleted one, with 400", async () => {
    const id = await newIncident();
    const other = await newIncident();
    const { data: foreign } = await api.createHypothesis(other, { title: "elsewhere" });
    const created = await api.createAnnotation(id, { from: 1, text: "x", hypothesisId: foreign.id });
    expect(created.status).toBe(400);
    expect(paths(created.data.error.details)).toEqual(["hypothesisId"]);

    const { data: a } = await api.createAnnotation(id, { from: 1, text: "x" });
    expect((await api.patchAnnotation(id, a.id, { hypothesisId: foreign.id })).status).toBe(400);
    expect((await api.patchAnnotation(id, a.id, { hypothesisId: UNKNOWN })).status).toBe(400);

    const { data: mine } = await api.createHypothesis(id, { title: "mine" });
    await api.deleteHypothesis(id, mine.id);
    expect((await api.createAnnotation(id, { from: 1, text: "x", hypothesisId: mine.id })).status).toBe(400);
  });

  it("unlinks the annotations of a deleted hypothesis", async () => {
    const id = await newIncident();
    const { data: h } = await api.createHypothesis(id, { title: "to be dropped" });
    const { data: a } = await api.createAnnotation(id, { from: 1, text: "x", stance: "supports", hypothesisId: h.id });
    await api.deleteHypothesis(id, h.id);
    const [after] = (await api.listAnnotations(id)).data.annotations;
    expect(after).toMatchObject({ id: a.id, hypothesisId: null, stance: "supports" });
    expect(after.updatedAt).toBeGreaterThan(a.updatedAt);
  });

  it("answers 404 for unknown incidents and annotations", async () => {
    const id = await newIncident();
    expect((await api.listAnnotations(UNKNOWN)).status).toBe(404);
    expect((await api.createAnnotation(UNKNOWN, { from: 1, text: "x" })).status).toBe(404);
    for (const aid of [UNKNOWN, "nope"]) {
      expect((await api.patchAnnotation(id, aid, { text: "x" })).status).toBe(404);
      expect((await api.deleteAnnotation(id, aid)).status).toBe(404);
    }
    const other = await newIncident();
    const { data: a } = await api.createAnnotation(other, { from: 1, text: "x" });
    expect((await api.patchAnnotation(id, a.id, { text: "y" })).status).toBe(404);
  });
});
