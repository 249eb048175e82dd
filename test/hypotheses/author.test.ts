import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import * as markers from "@/app/api/incidents/[id]/markers/route";
import { authorOf } from "@/lib/api/author";
import { call } from "../http";
import { as, newIncident } from "./helpers";

const withCookie = (cookie?: string) => new NextRequest("http://localhost/", { headers: cookie ? { cookie } : {} });

describe("authorOf", () => {
  it("reads the URI-encoded display name from the hindsight_name cookie", () => {
    expect(authorOf(withCookie(as("Ana María (SRE)").cookie))).toBe("Ana María (SRE)");
    expect(authorOf(withCookie("other=1; hindsight_name=kim"))).toBe("kim");
  });

  it("gives null without a usable name", () => {
    expect(authorOf(withCookie())).toBeNull();
    expect(authorOf(withCookie("hindsight_name="))).toBeNull();
    expect(authorOf(withCookie("hindsight_name=%20%20"))).toBeNull();
    expect(authorOf(withCookie("hindsight_name=%E0%A4%A"))).toBeNull();
  });

  it("strips control characters and caps the length", () => {
    expect(authorOf(withCookie(`hindsight_name=${encodeURIComponent("a\nb\u0007c")}`))).toBe("abc");
    expect(authorOf(withCookie(`hindsight_name=${"x".repeat(300)}`))).toHaveLength(80);
  });

  it("is what the markers route records as the author", async () => {
    const id = await newIncident();
    const res = await call(markers.POST, { method: "POST", params: { id }, json: { ts: 1000, label: "rollout" }, headers: as("Ana María") });
    expect(res.status).toBe(201);
    expect(res.data.author).toBe("Ana María");
  });
});
