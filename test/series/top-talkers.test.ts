// GET /api/incidents/:id/top/{flows|dns}: who is talking in a range, on small files whose
// answer is known row by row.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as topRoute from "@/app/api/incidents/[id]/top/[kind]/route";
import { CaptureBuilder, S } from "@/lib/samples/scenarios/capture-builder";
import { flowRecord, writeFlowLogFile } from "@/lib/samples/scenarios/evidence-writers";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const T0 = 1_730_000_000;
const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-top-"));
let incident: string;

beforeAll(async () => {
  const records: string[] = [];
  // 10.0.0.1 → 10.0.0.9:443, six SYN-only flows of 2 packets; 10.0.0.2 → 10.0.0.9:443, three
  // established flows of 10; 10.0.0.3 → 10.0.0.8:22, one REJECT; all in the first minute, and one
  // flow an hour later.
  for (let i = 0; i < 6; i++) records.push(flowRecord({ src: "10.0.0.1", dst: "10.0.0.9", sport: 40000 + i, dport: 443, start: T0 + i, flags: 2, packets: 2 }));
  for (let i = 0; i < 3; i++) records.push(flowRecord({ src: "10.0.0.2", dst: "10.0.0.9", sport: 41000 + i, dport: 443, start: T0 + 10 + i, flags: 27, packets: 10 }));
  records.push(flowRecord({ src: "10.0.0.3", dst: "10.0.0.8", sport: 42000, dport: 22, start: T0 + 20, flags: 2, action: "REJECT" }));
  records.push(flowRecord({ src: "10.0.0.4", dst: "10.0.0.7", sport: 43000, dport: 80, start: T0 + 3600, flags: 27 }));
  // The same minute an hour later: 10.0.0.9 grew a little (9 → 12 flows), 10.0.0.7 is new (5).
  for (let i = 0; i < 12; i++) records.push(flowRecord({ src: "10.0.0.2", dst: "10.0.0.9", sport: 44000 + i, dport: 443, start: T0 + 3601 + i, flags: 27 }));
  for (let i = 0; i < 4; i++) records.push(flowRecord({ src: "10.0.0.5", dst: "10.0.0.7", sport: 45000 + i, dport: 80, start: T0 + 3620 + i, flags: 27 }));
  const flows = path.join(dir, "flows.log");
  await writeFlowLogFile(flows, { rows: 0, startSec: T0, seed: 1 }, records);

  const b = new CaptureBuilder();
  // 10.0.0.53 answers in 2 ms; 10.0.0.54 in 1.5 s; "api.example" asked 12 times, "db.example" 8.
  for (let i = 0; i < 20; i++) {
    const slow = i % 2 === 1;
    b.dns({ t: (T0 + i) * S, client: `10.1.0.${1 + (i % 4)}`, server: slow ? "10.0.0.54" : "10.0.0.53", qname: i < 12 ? "api.example" : "db.example", qtype: i % 5 === 0 ? 28 : 1, latencyMs: slow ? 1500 : 2, rcode: i === 4 ? 3 : 0 });
  }
  incident = await newIncident("top talkers");
  const res = await uploadFiles(incident, [flows, b.write(path.join(dir, "dns.pcap"))]);
  expect(res.status, JSON.stringify(res.data)).toBe(201);
});

const top = (kind: string, query: string) => call(topRoute.GET, { path: `/api/incidents/${incident}/top/${kind}?${query}`, params: { id: incident, kind } });
const minute = `from=${T0 * 1000}&to=${(T0 + 60) * 1000}`;

describe("GET /api/incidents/:id/top/flows", () => {
  it("ranks destinations by flows with their share", async () => {
    const res = await top("flows", `by=dst&${minute}`);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ kind: "flows", by: "dst", metric: "flows", total: 10, from: T0 * 1000, to: (T0 + 60) * 1000 });
    expect(res.data.rows).toEqual([
      { key: "10.0.0.9", label: "10.0.0.9", value: 9, share: 0.9 },
      { key: "10.0.0.8", label: "10.0.0.8", value: 1, share: 0.1 },
    ]);
  });

  it("ranks pairs by packets, SYN-only flows and REJECTs; protocols by name", async () => {
    expect((await top("flows", `by=pair&metric=packets&${minute}`)).data.rows.map((r: { key: string; value: number }) => [r.key, r.value])).toEqual([
      ["10.0.0.2 -> 10.0.0.9", 30], ["10.0.0.1 -> 10.0.0.9", 12], ["10.0.0.3 -> 10.0.0.8", 1],
    ]);
    expect((await top("flows", `by=src&metric=syn&${minute}`)).data.rows.map((r: { key: string; value: number }) => [r.key, r.value])).toEqual([["10.0.0.1", 6], ["10.0.0.3", 1]]);
    expect((await top("flows", `by=port&metric=reject&${minute}`)).data.rows).toEqual([{ key: "22", label: "22", value: 1, share: 1 }]);
    expect((await top("flows", `by=protocol&${minute}`)).data.rows).toEqual([{ key: "6", label: "TCP", value: 10, share: 1 }]);
  });

  it("takes the whole evidence without a range, filters and a limit", async () => {
    expect((await top("flows", "by=dst")).data.total).toBe(27);
    expect((await top("flows", "by=dst&limit=1")).data.rows).toHaveLength(1);
    expect((await top("flows", `by=src&dst=10.0.0.8/32&${minute}`)).data.rows.map((r: { key: string }) => r.key)).toEqual(["10.0.0.3"]);
    expect((await top("flows", `by=dst&from=${(T0 + 7200) * 1000}&to=${(T0 + 7260) * 1000}`)).data).toMatchObject({ total: 0, rows: [] });
  });

  it("compares with the same minute an hour before: baseline values, change, and new keys first by change", async () => {
    const later = `from=${(T0 + 3600) * 1000}&to=${(T0 + 3660) * 1000}`;
    const byValue = await top("flows", `by=dst&baseline=-1h&${later}`);
    expect(byValue.status).toBe(200);
    expect(byValue.data).toMatchObject({ rank: "value", total: 17, baseline: { from: T0 * 1000, to: (T0 + 60) * 1000, shift: "-1h", covered: 1, total: 10 } });
    expect(byValue.data.rows).toEqual([
      { key: "10.0.0.9", label: "10.0.0.9", value: 12, share: 0.7059, baseline: 9, change: 1.3333 },
      { key: "10.0.0.7", label: "10.0.0.7", value: 5, share: 0.2941, baseline: 0, change: null },
    ]);
    const byChange = await top("flows", `by=dst&baseline=-1h&rank=change&${later}`);
    expect(byChange.data.rows.map((r: { key: string }) => r.key)).toEqual(["10.0.0.7", "10.0.0.9"]);
    // An explicit "normal" range of another length is scaled to the range's: 9 flows in 2 min → 4.5 per minute.
    const explicit = await top("flows", `by=dst&baselineFrom=${T0 * 1000}&baselineTo=${(T0 + 120) * 1000}&${later}`);
    expect(explicit.data.rows[0]).toMatchObject({ key: "10.0.0.9", baseline: 4.5, change: 2.6667 });
    expect(explicit.data.baseline).toMatchObject({ shift: null, covered: 1, total: 5 });
    // A day before the evidence begins: nothing to compare with, and the answer says so.
    expect((await top("flows", `by=dst&baseline=-1d&${later}`)).data.baseline).toMatchObject({ covered: 0, total: 0 });
  });

  it("draws each row's sparkline over the range", async () => {
    const res = await top("flows", `by=dst&spark=3&${minute}`);
    expect(res.data.rows.map((r: { key: string; spark: number[] }) => [r.key, r.spark])).toEqual([["10.0.0.9", [9, 0, 0]], ["10.0.0.8", [0, 1, 0]]]);
    const dns = await top("dns", `by=resolver&spark=2&${minute}`);
    expect(dns.data.rows.map((r: { key: string; spark: number[] }) => [r.key, r.spark])).toEqual([["10.0.0.53", [10, 0]], ["10.0.0.54", [10, 0]]]);
  });

  it("answers bad input with 4xx", async () => {
    expect((await top("flows", "rank=change")).data.error).toMatchObject({ code: "validation_failed" });
    expect((await top("dns", `baselineFrom=${T0 * 1000}`)).status).toBe(400);
    expect((await top("flows", "baseline=-2h")).status).toBe(400);
    expect((await top("flows", "by=colour")).status).toBe(400);
    expect((await top("flows", "dst=not-an-ip")).status).toBe(400);
    expect((await top("flows", `from=${(T0 + 60) * 1000}&to=${T0 * 1000}`)).data.error.code).toBe("bad_range");
    const unknown = await top("packets", "");
    expect(unknown.status).toBe(404);
    expect(unknown.data.error.details.kinds).toEqual(["flows", "dns"]);
  });
});

describe("GET /api/incidents/:id/top/dns", () => {
  it("ranks query names, slow answers by resolver, types and rcodes", async () => {
    const names = await top("dns", `by=qname&${minute}`);
    expect(names.data).toMatchObject({ kind: "dns", total: 20 });
    expect(names.data.rows).toEqual([
      { key: "api.example", label: "api.example", value: 12, share: 0.6 },
      { key: "db.example", label: "db.example", value: 8, share: 0.4 },
    ]);
    expect((await top("dns", `by=resolver&metric=slow&${minute}`)).data.rows).toEqual([{ key: "10.0.0.54", label: "10.0.0.54", value: 10, share: 1 }]);
    expect((await top("dns", `by=qtype&${minute}`)).data.rows.map((r: { label: string; value: number }) => [r.label, r.value])).toEqual([["A", 16], ["AAAA", 4]]);
    expect((await top("dns", `by=rcode&metric=nxdomain&${minute}`)).data.rows.map((r: { label: string }) => r.label)).toEqual(["NXDOMAIN"]);
  });

  it("ranks resolvers by p90 latency, without shares", async () => {
    const res = await top("dns", `by=resolver&metric=p90&${minute}`);
    expect(res.data.total).toBeNull();
    expect(res.data.rows).toEqual([
      { key: "10.0.0.54", label: "10.0.0.54", value: 1500, share: null },
      { key: "10.0.0.53", label: "10.0.0.53", value: 2, share: null },
    ]);
  });
});
