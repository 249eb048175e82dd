// The DNS series for one client, resolver, name, type or rcode (a top-talkers row as a filter):
// counts as the rollups count them, and exact percentiles, on a capture whose answer is known.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import { CaptureBuilder, S } from "@/lib/samples/scenarios/capture-builder";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const T0 = 1_730_000_040; // on a minute, so one 1 min bucket holds it all
let incident: string;

beforeAll(async () => {
  const b = new CaptureBuilder();
  // 60 s: 10.0.0.53 answers "api.example" in 2, 4 or 6 ms; 10.0.0.54 answers "db.example" in
  // 1500 ms, NXDOMAIN every fifth, and never answers every seventh query.
  for (let i = 0; i < 60; i++) {
    const slow = i % 2 === 1;
    b.dns({
      t: (T0 + i) * S, client: `10.1.0.${1 + (i % 3)}`, server: slow ? "10.0.0.54" : "10.0.0.53", qname: slow ? "db.example" : "api.example", qtype: i % 4 === 0 ? 28 : 1,
      latencyMs: slow ? (i % 7 === 0 ? null : 1500) : 2 + 2 * ((i / 2) % 3), rcode: slow && i % 5 === 0 ? 3 : 0,
    });
  }
  incident = await newIncident("dns filters");
  const res = await uploadFiles(incident, [b.write(path.join(mkdtempSync(path.join(os.tmpdir(), "hindsight-dnsf-")), "dns.pcap"))]);
  expect(res.status, JSON.stringify(res.data)).toBe(201);
});

const dns = async (query: string) => {
  const res = await call(seriesRoute.GET, { path: `/api/incidents/${incident}/series/dns?format=columns&from=${T0 * 1000}&to=${(T0 + 60) * 1000}&step=1m&${query}`, params: { id: incident, kind: "dns" } });
  return res;
};
const column = (data: { series: Array<{ key: string; values: Array<number | null> }> }, key: string) => data.series.find((s) => s.key === key)!.values[0];

describe("GET /api/incidents/:id/series/dns with a filter", () => {
  it("counts one resolver's transactions as the rollups count them, with exact percentiles", async () => {
    const slow = (await dns("resolver=10.0.0.54")).data;
    // 30 queries; i odd and a multiple of 7 (7, 21, 35, 49) unanswered; NXDOMAIN at i = 5, 15, 25, 45, 55 (35 unanswered).
    expect([column(slow, "queries"), column(slow, "answered"), column(slow, "unanswered"), column(slow, "nxdomain"), column(slow, "servfail")]).toEqual([30, 26, 4, 5, 0]);
    expect([column(slow, "p50"), column(slow, "p99"), column(slow, "max")]).toEqual([1500, 1500, 1500]);
    const fast = (await dns("resolver=10.0.0.53/32")).data;
    expect([column(fast, "queries"), column(fast, "p50"), column(fast, "max")]).toEqual([30, 4, 6]);
  });

  it("adds up to the unfiltered answer, and filters by client, name, type and rcode", async () => {
    const all = (await dns("")).data;
    expect(column(all, "queries")).toBe(60);
    expect(column(all, "unanswered")).toBe(4);
    expect(column((await dns("client=10.1.0.1")).data, "queries")).toBe(20);
    expect(column((await dns("qname=API.example")).data, "queries")).toBe(30);
    expect(column((await dns("qtype=28")).data, "queries")).toBe(15);
    expect(column((await dns("rcode=3")).data, "queries")).toBe(5);
    expect(column((await dns("resolver=10.9.9.9")).data, "queries")).toBe(0);
  });

  it("refuses a bad address with 400", async () => {
    expect((await dns("client=10.1.0.999")).status).toBe(400);
    expect((await dns("rcode=-1")).status).toBe(400);
  });
});
