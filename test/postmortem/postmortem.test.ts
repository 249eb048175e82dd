import { describe, expect, it } from "vitest";
import { as, newIncident, UNKNOWN } from "../hypotheses/helpers";
import { pm } from "./helpers";

describe("postmortem API", () => {
  it("starts from the template, then round-trips saves as numbered revisions", async () => {
    const id = await newIncident("It wasn't DNS");
    const first = await pm.get(id);
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ incidentId: id, revision: 0, author: null, at: null });
    expect(first.data.markdown).toContain("# Postmortem: It wasn't DNS");

    const saved = await pm.put(id, { markdown: "# One", baseRevision: 0 }, as("Ana"));
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ incidentId: id, revision: 1, markdown: "# One", author: "Ana", at: expect.any(Number) });
    const second = await pm.put(id, { markdown: "# Two", baseRevision: 1 }, as("Bo"));
    expect(second.data.revision).toBe(2);
    expect((await pm.get(id)).data).toMatchObject({ revision: 2, markdown: "# Two", author: "Bo" });

    // Saving the same text again stores nothing new.
    expect((await pm.put(id, { markdown: "# Two", baseRevision: 2 })).data.revision).toBe(2);
  });

  it("lists, shows and restores revisions (a restore is a new revision)", async () => {
    const id = await newIncident();
    for (const [i, text] of ["a", "b", "c"].entries()) await pm.put(id, { markdown: text, baseRevision: i });
    const list = await pm.revisions(id);
    expect(list.data.revisions.map((r: { revision: number }) => r.revision)).toEqual([3, 2, 1]);
    expect(list.data.revisions[0]).toEqual({ revision: 3, author: null, at: expect.any(Number), chars: 1 });
    expect((await pm.revision(id, 1)).data).toMatchObject({ revision: 1, markdown: "a" });
    expect((await pm.revision(id, 9)).status).toBe(404);

    const restored = await pm.restore(id, 1, { baseRevision: 3 });
    expect(restored.status).toBe(200);
    expect(restored.data).toMatchObject({ revision: 4, markdown: "a" });
    expect((await pm.get(id)).data.markdown).toBe("a");
    expect((await pm.restore(id, 2, { baseRevision: 3 })).status).toBe(409);
    expect((await pm.restore(id, 2)).data).toMatchObject({ revision: 5, markdown: "b" });
  });

  it("answers 409 with the latest revision when the base is stale", async () => {
    const id = await newIncident();
    await pm.put(id, { markdown: "base", baseRevision: 0 }, as("Ana"));
    await pm.put(id, { markdown: "Ana's edit", baseRevision: 1 }, as("Ana"));
    const mine = await pm.put(id, { markdown: "Bo's edit", baseRevision: 1 }, as("Bo"));
    expect(mine.status).toBe(409);
    expect(mine.data.error.code).toBe("conflict");
    expect(mine.data.error.details.latest).toEqual({ revision: 2, markdown: "Ana's edit", author: "Ana", at: expect.any(Number) });
    // "Keep mine": save again on top of the latest.
    expect((await pm.put(id, { markdown: "Bo's edit", baseRevision: 2 }, as("Bo"))).data.revision).toBe(3);
  });

  it("never loses one of two concurrent saves from the same base", async () => {
    const id = await newIncident();
    const results = await Promise.all(["x", "y", "z"].map((m) => pm.put(id, { markdown: m, baseRevision: 0 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await pm.revisions(id)).data.revisions).toHaveLength(1);
  });

  it("rejects invalid input with 400 and unknown incidents with 404", async () => {
    const id = await newIncident();
    for (const bad of [{}, { markdown: 1, baseRevision: 0 }, { markdown: "x" }, { markdown: "x", baseRevision: -1 }, { markdown: "x".repeat(500_001), baseRevision: 0 }]) {
      const res = await pm.put(id, bad);
      expect(res.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(res.data.error.code).toBe("validation_failed");
    }
    expect((await pm.put(id, "{not json")).status).toBe(400);
    expect((await pm.get(UNKNOWN)).status).toBe(404);
    expect((await pm.put(UNKNOWN, { markdown: "x", baseRevision: 0 })).status).toBe(404);
    expect((await pm.revisions(UNKNOWN)).status).toBe(404);
    expect((await pm.timeline(UNKNOWN)).status).toBe(404);
    expect((await pm.get("not-a-uuid")).status).toBe(404);
    expect((await pm.revision(id, "abc")).status).toBe(404);
    expect((await pm.exportMd(UNKNOWN)).status).toBe(404);
  });
});
