// Every list is bounded and paged: `limit` items, then `nextCursor` for the rest, until null. The
// pages together are the whole list, in its order, without repeats.
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as annotations from "@/app/api/incidents/[id]/annotations/route";
import * as hypotheses from "@/app/api/incidents/[id]/hypotheses/route";
import * as markers from "@/app/api/incidents/[id]/markers/route";
import * as uploads from "@/app/api/incidents/[id]/uploads/route";
import * as incidents from "@/app/api/incidents/route";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const T0 = Date.parse("2024-06-10T06:00:00Z");
const FIXTURES = path.resolve(import.meta.dirname, "../../lib/parsers/fixtures");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = any;

async function everyPage(handler: Handler, key: string, params: Record<string, string>, limit: number, query = "") {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const res = await call(handler, { path: `/x?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}${query}`, params });
    expect(res.status).toBe(200);
    expect(res.data[key].length).toBeLessThanOrEqual(limit);
    pages.push(res.data[key].map((x: { id: string }) => x.id));
    cursor = res.data.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

describe("paged lists", () => {
  it("markers, annotations, hypotheses and uploads come in pages that add up to the whole list", async () => {
    const id = await newIncident("paging");
    for (let i = 0; i < 7; i++) {
      expect((await call(markers.POST, { method: "POST", params: { id }, json: { ts: T0 + (i % 3) * 60_000, label: `m${i}`, kind: "note" } })).status).toBe(201);
      expect((await call(annotations.POST, { method: "POST", params: { id }, json: { from: T0 + i * 1000, to: T0 + i * 1000, text: `a${i}` } })).status).toBe(201);
      expect((await call(hypotheses.POST, { method: "POST", params: { id }, json: { title: `h${i}` } })).status).toBe(201);
    }
    await uploadFiles(id, [path.join(FIXTURES, "aws-v2.log")]);
    await uploadFiles(id, [path.join(FIXTURES, "aws-v5.log")]);
    await uploadFiles(id, [path.join(FIXTURES, "gcp.jsonl")]);

    for (const [handler, key, total] of [[markers.GET, "markers", 7], [annotations.GET, "annotations", 7], [hypotheses.GET, "hypotheses", 7], [uploads.GET, "uploads", 3]] as const) {
      const whole = await call(handler, { params: { id } });
      expect(whole.data.nextCursor).toBeNull();
      const all = whole.data[key].map((x: { id: string }) => x.id);
      expect(all).toHaveLength(total);
      const pages = await everyPage(handler, key, { id }, 3);
      expect(pages.map((p) => p.length)).toEqual(total === 7 ? [3, 3, 1] : [3]);
      expect(pages.flat()).toEqual(all);
    }
  });

  it("incidents page newest first", async () => {
    const mine = [];
    for (let i = 0; i < 4; i++) mine.push(await newIncident(`paging-incidents-${i}`));
    const pages = await everyPage(incidents.GET, "incidents", {}, 2, "&q=paging-incidents-");
    expect(pages.flat()).toEqual([...mine].reverse());
    expect(pages.map((p) => p.length)).toEqual([2, 2]);
  });

  it("refuses a limit out of bounds and a cursor that is no id", async () => {
    const id = await newIncident("paging bounds");
    for (const q of ["limit=0", "limit=1001", "limit=abc", "cursor=nope"]) {
      const res = await call(markers.GET, { path: `/x?${q}`, params: { id } });
      expect(res.status, q).toBe(400);
      expect(res.data.error.code).toBe("validation_failed");
    }
  });
});
