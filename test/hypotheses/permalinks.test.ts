import { describe, expect, it } from "vitest";
import * as collection from "@/app/api/permalinks/route";
import * as item from "@/app/api/permalinks/[slug]/route";
import { call } from "../http";
import { as, newIncident, paths, UNKNOWN } from "./helpers";

const create = (json: unknown, headers: Record<string, string> = {}) =>
  call(collection.POST, { method: "POST", path: "/api/permalinks", json, headers });
const get = (slug: string) => call(item.GET, { path: `/api/permalinks/${slug}`, params: { slug } });

const view = {
  range: { from: 1718000000000, to: 1718003600000 },
  tz: "utc",
  panels: [{ id: "flows", type: "flows", options: { groupBy: "flag", metric: "packets" }, filters: { dst: "10.0.0.0/8" } }],
  query: "from=1718000000000&to=1718003600000&p=flows",
};

describe("permalinks API", () => {
  it("stores a view under a short slug and gives it back unchanged", async () => {
    const incidentId = await newIncident();
    const res = await create({ incidentId, view }, as("Ana"));
    expect(res.status).toBe(201);
    expect(res.data.slug).toMatch(/^[A-Za-z0-9]{8,10}$/);
    expect(res.data.url).toBe(`http://localhost/p/${res.data.slug}`);

    const got = await get(res.data.slug);
    expect(got.status).toBe(200);
    expect(got.data).toEqual({ slug: res.data.slug, incidentId, view, createdAt: expect.any(Number), author: "Ana" });

    const again = await create({ incidentId, view });
    expect(again.data.slug).not.toBe(res.data.slug);
    expect((await get(again.data.slug)).data.author).toBeNull();
  });

  it.each([
    [{ host: "0.0.0.0:3000" }, undefined, "http://localhost:3000"],
    [{ host: "[::]:3000" }, undefined, "http://localhost:3000"],
    [{ host: "127.0.0.1:3000" }, undefined, "http://127.0.0.1:3000"],
    [{ host: "127.0.0.1:3000", "x-forwarded-host": "hindsight.example", "x-forwarded-proto": "https" }, undefined, "https://hindsight.example"],
    [{ host: "127.0.0.1:3000", "x-forwarded-host": "bad host<>", "x-forwarded-proto": "javascript" }, undefined, "http://localhost"],
    [{ host: "0.0.0.0:3000", "x-forwarded-host": "proxy.example" }, "https://incidents.example.com/hindsight/", "https://incidents.example.com"],
  ])("builds the link from the public origin, never an unspecified address (%o, %s)", async (headers, publicUrl, origin) => {
    const incidentId = await newIncident();
    if (publicUrl) process.env.HINDSIGHT_PUBLIC_URL = publicUrl;
    try {
      const res = await create({ incidentId, view }, headers);
      expect(res.status).toBe(201);
      expect(res.data.url).toBe(`${origin}/p/${res.data.slug}`);
    } finally {
      delete process.env.HINDSIGHT_PUBLIC_URL;
    }
  });

  it("is immutable: the routes offer no PATCH, PUT or DELETE", () => {
    for (const m of ["PATCH", "PUT", "DELETE"]) {
      expect(m in item).toBe(false);
      expect(m in collection).toBe(false);
    }
  });

  it("answers 404 for unknown and malformed slugs", async () => {
    for (const slug of ["AAAAAAAAAA", "bad slug!", "x"]) {
      const res = await get(slug);
      expect(res.status).toBe(404);
      expect(res.data.error.code).toBe("not_found");
    }
  });

  it("rejects views that are not objects or too large, and unknown incidents", async () => {
    const incidentId = await newIncident();
    for (const bad of [[1, 2], "from=1", null, 42]) {
      const res = await create({ incidentId, view: bad });
      expect(res.status).toBe(400);
      expect(paths(res.data.error.details)).toEqual(["view"]);
    }
    const big = await create({ incidentId, view: { query: "x".repeat(70_000) } });
    expect(big.status).toBe(400);
    expect(paths(big.data.error.details)).toEqual(["view"]);
    const almost = await create({ incidentId, view: { query: "x".repeat(60_000) } });
    expect(almost.status).toBe(201);
    // A view that could only open the default view.
    for (const unopenable of [{}, { range: { from: 1, to: 2 } }, { query: 42 }]) {
      const res = await create({ incidentId, view: unopenable });
      expect(res.status).toBe(400);
      expect(paths(res.data.error.details)).toEqual(["view.query"]);
    }

    const missing = await create({ view });
    expect(paths(missing.data.error.details)).toEqual(["incidentId"]);
    expect((await create({ incidentId: UNKNOWN, view })).status).toBe(404);
  });
});
