// The activity feed is bounded: a page holds at most `limit` changes of each kind, and following
// its `now` while `more` is set brings every change exactly as the whole feed would.
import { describe, expect, it } from "vitest";
import * as activity from "@/app/api/incidents/[id]/activity/route";
import { call } from "../http";
import { api, newIncident } from "./helpers";

describe("activity feed paging", () => {
  it("pages through 23 annotations and 7 hypotheses five at a time, losing none", async () => {
    const id = await newIncident();
    for (let i = 0; i < 23; i++) expect((await api.createAnnotation(id, { from: 1718000000000 + i * 1000, text: `a${i}` })).status).toBe(201);
    for (let i = 0; i < 7; i++) expect((await api.createHypothesis(id, { title: `h${i}` })).status).toBe(201);

    const whole = await call(activity.GET, { path: `/api/incidents/${id}/activity`, params: { id } });
    expect(whole.data.more).toBeUndefined();
    expect(whole.data.annotations).toHaveLength(23);

    const seen = { annotations: new Set<string>(), hypotheses: new Set<string>() };
    let since = 0;
    let pages = 0;
    for (let more = true; more; pages++) {
      const page = await call(activity.GET, { path: `/api/incidents/${id}/activity?since=${since}&limit=5`, params: { id } });
      expect(page.status).toBe(200);
      expect(page.data.annotations.length).toBeLessThanOrEqual(5);
      expect(page.data.hypotheses.length).toBeLessThanOrEqual(5);
      for (const a of page.data.annotations) seen.annotations.add(a.id);
      for (const h of page.data.hypotheses) seen.hypotheses.add(h.id);
      more = page.data.more === true;
      since = page.data.now;
      expect(pages).toBeLessThan(20);
    }
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(seen.annotations.size).toBe(23);
    expect(seen.hypotheses.size).toBe(7);
    expect((await call(activity.GET, { path: `/api/incidents/${id}/activity?limit=0`, params: { id } })).status).toBe(400);
  });
});
