import { describe, expect, it } from "vitest";
import { permalinkTarget } from "./permalink-target";

const id = "6f1c2a7e-0000-4000-8000-000000000001";

describe("permalinkTarget", () => {
  it("puts the view's query string in the incident URL and adds the slug", () => {
    expect(permalinkTarget(id, "Ab3dE6gH9k", { query: "from=1&to=2&panels=flows,dns" })).toBe(
      `/incidents/${id}?from=1&to=2&panels=flows%2Cdns&permalink=Ab3dE6gH9k`,
    );
  });

  it("accepts a leading question mark and replaces a stale permalink parameter", () => {
    expect(permalinkTarget(id, "Ab3dE6gH9k", { query: "?tz=utc&permalink=old" })).toBe(`/incidents/${id}?tz=utc&permalink=Ab3dE6gH9k`);
  });

  it("opens the default view when the view has no query string", () => {
    expect(permalinkTarget(id, "Ab3dE6gH9k", { range: { from: 1, to: 2 } })).toBe(`/incidents/${id}?permalink=Ab3dE6gH9k`);
    expect(permalinkTarget(id, "Ab3dE6gH9k", { query: 42 })).toBe(`/incidents/${id}?permalink=Ab3dE6gH9k`);
  });

  it("cannot be turned into a redirect elsewhere", () => {
    expect(permalinkTarget(id, "Ab3dE6gH9k", { query: "//evil.example/#x" })).toMatch(new RegExp(`^/incidents/${id}\\?`));
  });
});
