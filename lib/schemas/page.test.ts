import { describe, expect, it } from "vitest";
import { pageOfList, ZPageQuery } from "./page";

const items = ["a", "b", "c", "d", "e"].map((id) => ({ id }));

describe("pageOfList", () => {
  it("walks a ranked list page by page, each cursor the first id of the next page", () => {
    const first = pageOfList(items, ZPageQuery.parse({ limit: "2" }));
    expect(first).toEqual({ items: [{ id: "a" }, { id: "b" }], nextCursor: "c" });
    const last = pageOfList(items, { limit: 2, cursor: "e" });
    expect(last).toEqual({ items: [{ id: "e" }], nextCursor: null });
  });

  it("answers an empty last page for a cursor no longer in the list, and everything without paging", () => {
    expect(pageOfList(items, { limit: 2, cursor: "zz" })).toEqual({ items: [], nextCursor: null });
    expect(pageOfList(items, null)).toEqual({ items, nextCursor: null });
  });
});
