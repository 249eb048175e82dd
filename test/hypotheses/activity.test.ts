import { describe, expect, it } from "vitest";
import * as activity from "@/app/api/incidents/[id]/activity/route";
import { call } from "../http";
import { api, as, newIncident, UNKNOWN } from "./helpers";

const since = (id: string, t?: number | string) =>
  call(activity.GET, { path: `/api/incidents/${id}/activity${t === undefined ? "" : `?since=${t}`}`, params: { id } });
const ids = (list: Array<{ id: string }>) => list.map((x) => x.id).sort();
const tick = () => new Promise((r) => setTimeout(r, 5));

describe("incident activity", () => {
  it("reports what was created, changed and deleted since a moment", async () => {
    const id = await newIncident();
    const { data: old } = await api.createHypothesis(id, { title: "before" });
    const { data: gone } = await api.createAnnotation(id, { from: 1, text: "will be deleted" });
    const { data: kept } = await api.createAnnotation(id, { from: 2, text: "untouched" });
    const { data: oldH2 } = await api.createHypothesis(id, { title: "will be deleted" });
    await tick();

    const first = await since(id, Date.now());
    expect(first.status).toBe(200);
    const t = first.data.now as number;
    expect(first.data).toEqual({ now: t, hypotheses: [], annotations: [], deletedHypothesisIds: [], deletedAnnotationIds: [] });
    await tick();

    const { data: fresh } = await api.createAnnotation(id, { from: 3, text: "new", hypothesisId: old.id }, { headers: as("kim") });
    await api.patchHypothesis(id, old.id, { status: "supported", reason: "see flows" }, { headers: as("lee") });
    await api.deleteAnnotation(id, gone.id);
    await api.deleteHypothesis(id, oldH2.id);

    const res = await since(id, t);
    expect(ids(res.data.annotations)).toEqual([fresh.id]);
    expect(res.data.annotations[0]).toMatchObject({ author: "kim", hypothesisId: old.id });
    expect(ids(res.data.hypotheses)).toEqual([old.id]);
    expect(res.data.hypotheses[0].history.at(-1)).toMatchObject({ status: "supported", reason: "see flows", author: "lee" });
    expect(res.data.deletedAnnotationIds).toEqual([gone.id]);
    expect(res.data.deletedHypothesisIds).toEqual([oldH2.id]);
    expect(res.data.now).toBeGreaterThanOrEqual(t);
    expect(ids(res.data.annotations)).not.toContain(kept.id);

    const later = await since(id, new Date(res.data.now + 1).toISOString());
    expect(later.data.annotations).toEqual([]);
  });

  it("gives everything without since, and 400/404 for bad input", async () => {
    const id = await newIncident();
    const { data: h } = await api.createHypothesis(id, { title: "h" });
    const { data: a } = await api.createAnnotation(id, { from: 1, text: "a" });
    const all = await since(id);
    expect(ids(all.data.hypotheses)).toEqual([h.id]);
    expect(ids(all.data.annotations)).toEqual([a.id]);
    expect((await since(id, "whenever")).status).toBe(400);
    expect((await since(UNKNOWN, 0)).status).toBe(404);
  });
});
