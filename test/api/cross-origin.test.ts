// Writes sent by a browser from another origin, and any request for a host name that is not this
// machine's (DNS rebinding), are refused before any handler runs; the app's own pages and clients
// that are not browsers (no Origin header) are not affected.
import { describe, expect, it } from "vitest";
import * as collection from "@/app/api/incidents/route";
import * as item from "@/app/api/incidents/[id]/route";
import { call } from "../http";

const titled = (title: string) => call(collection.GET, { path: "/api/incidents?limit=1000" }).then((r) => r.data.incidents.filter((i: { title: string }) => i.title === title));

describe("cross-origin writes", () => {
  it.each([
    ["a form on another site", { origin: "http://attacker.example", "sec-fetch-site": "cross-site", "content-type": "text/plain" }],
    ["another port of the same host", { origin: "http://localhost:4444", "sec-fetch-site": "same-site" }],
    ["an opaque origin (sandboxed frame, data: URL)", { origin: "null", "sec-fetch-site": "cross-site" }],
    ["a cross-site request without an Origin", { "sec-fetch-site": "cross-site" }],
    ["a sibling subdomain", { origin: "http://evil.localhost", "sec-fetch-site": "same-site" }],
  ])("refuses %s with 403 cross_origin and changes nothing", async (_name, headers) => {
    const title = `csrf ${Math.random()}`;
    const res = await call(collection.POST, { method: "POST", path: "/api/incidents", body: JSON.stringify({ title }), headers });
    expect(res.status).toBe(403);
    expect(res.data.error.code).toBe("cross_origin");
    expect(await titled(title)).toEqual([]);
  });

  it("refuses a cross-origin delete; the incident stays", async () => {
    const created = await call(collection.POST, { method: "POST", path: "/api/incidents", json: { title: "kept" } });
    const id = created.data.id as string;
    const res = await call(item.DELETE, { method: "DELETE", path: `/api/incidents/${id}`, params: { id }, headers: { origin: "https://attacker.example" } });
    expect(res.status).toBe(403);
    expect((await call(item.GET, { path: `/api/incidents/${id}`, params: { id } })).status).toBe(200);
  });

  it.each([
    ["the app's own page", { origin: "http://localhost", "sec-fetch-site": "same-origin" }],
    ["a client that is no browser", {}],
    ["a page behind a proxy on its public name", { origin: "https://hindsight.example", "x-forwarded-host": "hindsight.example", "x-forwarded-proto": "https" }],
  ])("accepts %s", async (_name, headers) => {
    const title = `own ${Math.random()}`;
    const res = await call(collection.POST, { method: "POST", path: "/api/incidents", json: { title }, headers });
    expect(res.status).toBe(201);
    expect(await titled(title)).toHaveLength(1);
  });

  it("lets reads through from anywhere (they change nothing; access control is sign-in's job)", async () => {
    const res = await call(collection.GET, { path: "/api/incidents", headers: { origin: "http://attacker.example", "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(200);
  });
});

describe("host names", () => {
  it.each(["rebind.attacker.example:3000", "10.0.0.5:3000", "localhost.attacker.example"])("refuses a request addressed to %s with 403 host_not_allowed", async (host) => {
    for (const res of [
      await call(collection.GET, { path: "/api/incidents", headers: { host } }),
      await call(collection.POST, { method: "POST", path: "/api/incidents", json: { title: "rebound" }, headers: { host } }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.data.error.code).toBe("host_not_allowed");
      expect(res.data.error.message).toContain("HINDSIGHT_PUBLIC_URL");
    }
  });

  it.each(["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "0.0.0.0:3000"])("answers a request addressed to %s", async (host) => {
    expect((await call(collection.GET, { path: "/api/incidents", headers: { host } })).status).toBe(200);
  });

  it("answers HINDSIGHT_PUBLIC_URL's host", async () => {
    process.env.HINDSIGHT_PUBLIC_URL = "https://incidents.example.com/";
    try {
      expect((await call(collection.GET, { path: "/api/incidents", headers: { host: "incidents.example.com" } })).status).toBe(200);
      expect((await call(collection.GET, { path: "/api/incidents", headers: { host: "other.example.com" } })).status).toBe(403);
    } finally {
      delete process.env.HINDSIGHT_PUBLIC_URL;
    }
  });
});
