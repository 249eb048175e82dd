// Unfiltered flow rankings answer from the per-minute rollups (flow_talkers) plus the raw rows of
// the partial minutes: the answer must be exactly the raw rows' answer, field for field, whatever
// the range's alignment, the baseline, the dimension, the metric or the sparklines.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { partitionName } from "@/lib/evidence/partitions";
import { TOP_FLOWS_METRICS } from "@/lib/schemas/top-talkers";
import { writeFlowLogFile } from "@/lib/samples/scenarios/evidence-writers";
import { splitMinutes, topFlows, ZTopFlowsQueryChecked } from "@/lib/series/top-talkers";
import { newIncident, uploadFiles } from "../uploads";

// Not on a minute boundary, so the evidence's own edges are partial minutes too.
const T0 = 1_730_000_017;
const MS = T0 * 1000;
const M = 60_000;
const ALIGNED = Math.ceil(MS / M) * M;
const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-talkers-"));
let incident: string;
let uploadIds: string[];

/** v5 records with the odd values the keys must survive: no packet addresses, interface, protocol or counts; IPv6; RST; REJECT. */
function oddRecords(startSec: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 400; i++) {
    const t = startSec + ((i * 37) % 290);
    const iface = i % 7 === 0 ? "-" : `eni-${i % 3}`;
    const src = i % 5 === 0 ? "2001:db8::1" : `10.9.0.${i % 4}`;
    const dst = i % 11 === 0 ? "2600:1f18::10" : `10.8.0.${i % 6}`;
    const proto = i % 13 === 0 ? "-" : i % 4 === 0 ? "17" : "6";
    const packets = i % 9 === 0 ? "-" : String(1 + (i % 5));
    const bytes = i % 9 === 0 ? "-" : String(60 * (1 + (i % 5)));
    const flags = [2, 4, 18, 19, 0, 1][i % 6];
    const action = i % 8 === 0 ? "REJECT" : "ACCEPT";
    const pkt = i % 3 === 0 ? "- -" : `${src} ${dst}`;
    const dport = i % 10 === 0 ? "-" : String(440 + (i % 4));
    out.push(`5 ${iface} ${src} ${dst} ${30000 + i} ${dport} ${proto} ${packets} ${bytes} ${t} ${t + 1} ${action} ${flags} ${pkt} ingress 1 OK`);
  }
  return out;
}

beforeAll(async () => {
  // A and B cover the same five minutes (B with bad lines and NODATA rows), C the same five an hour later.
  const files = [
    [path.join(dir, "a.log"), { rows: 6000, startSec: T0, seed: 11, flowsPerSec: 20 }, oddRecords(T0)],
    [path.join(dir, "b.log"), { rows: 4000, startSec: T0 + 30, seed: 12, flowsPerSec: 15, badLineEvery: 97, nodataEvery: 211 }, []],
    [path.join(dir, "c.log"), { rows: 5000, startSec: T0 + 3600, seed: 13, flowsPerSec: 20 }, oddRecords(T0 + 3600)],
  ] as const;
  for (const [file, options, extra] of files) await writeFlowLogFile(file, options, extra);
  incident = await newIncident("talker rollups");
  const res = await uploadFiles(incident, files.map((f) => f[0]));
  expect(res.status, JSON.stringify(res.data)).toBe(201);
  const { rows } = await db.pool.query<{ id: string }>("SELECT id::text FROM uploads WHERE incident_id = $1 AND status = 'ready'", [incident]);
  uploadIds = rows.map((r) => r.id);
  expect(uploadIds).toHaveLength(3);
});

type Q = Record<string, string | number>;

async function expectSame(query: Q) {
  const q = ZTopFlowsQueryChecked.parse(query);
  const raw = await topFlows(incident, q, { raw: true });
  const rolled = await topFlows(incident, q);
  expect(rolled, JSON.stringify(query)).toEqual(raw);
  return raw;
}

const RANGES: Array<[string, Q]> = [
  ["the whole evidence", {}],
  ["aligned minutes", { from: ALIGNED + M, to: ALIGNED + 4 * M }],
  ["unaligned both ends", { from: MS + 1234, to: MS + 201_777 }],
  ["inside one minute", { from: ALIGNED + M + 5000, to: ALIGNED + M + 40_000 }],
  ["one aligned minute, unaligned end", { from: ALIGNED, to: ALIGNED + 2 * M + 1 }],
  ["later, against -1h", { from: MS + 3600_000 + 4321, to: MS + 3600_000 + 250_000, baseline: "-1h" }],
  ["aligned, against -1h, by change", { from: ALIGNED + 3600_000, to: ALIGNED + 3600_000 + 4 * M, baseline: "-1h", rank: "change" }],
  ["against an explicit baseline of another length", { from: ALIGNED + 3600_000 + M, to: ALIGNED + 3600_000 + 3 * M, baselineFrom: MS + 999, baselineTo: MS + 280_001 }],
  ["against an overlapping baseline", { from: ALIGNED + M, to: ALIGNED + 3 * M + 500, baselineFrom: ALIGNED, baselineTo: ALIGNED + 2 * M, rank: "change" }],
];

describe("top flows from the minute rollups", () => {
  it("fills one row per minute, dimension and key: five dimensions, each summing to every flow", async () => {
    for (const id of uploadIds) {
      const { rows } = await db.pool.query<{ dim: number; flows: string; syn: string; reject: string; rst: string }>(
        `SELECT dim, sum(flows) AS flows, sum(syn) AS syn, sum(reject) AS reject, sum(rst) AS rst FROM ${partitionName("flow_talkers", id)} GROUP BY dim ORDER BY dim`,
      );
      const { rows: raw } = await db.pool.query<{ flows: string; syn: string; reject: string; rst: string }>(
        `SELECT count(*) AS flows, count(*) FILTER (WHERE flag_class = 0) AS syn, count(*) FILTER (WHERE action = 2) AS reject, count(*) FILTER (WHERE flag_class = 2) AS rst FROM ${partitionName("flow_records", id)}`,
      );
      expect(rows.map((r) => r.dim)).toEqual([0, 1, 2, 3, 4]);
      for (const r of rows) expect({ flows: r.flows, syn: r.syn, reject: r.reject, rst: r.rst }).toEqual(raw[0]);
      expect(Number(raw[0]!.syn) * Number(raw[0]!.reject) * Number(raw[0]!.rst)).toBeGreaterThan(0);
    }
  });

  it.each(RANGES)("answers exactly as the raw rows do: %s, every dimension and metric", async (_, range) => {
    let nonEmpty = 0;
    for (const by of ["src", "dst", "port", "interface", "protocol"])
      for (const metric of TOP_FLOWS_METRICS) if ((await expectSame({ by, metric, limit: 7, ...range })).rows.length) nonEmpty++;
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it.each([1, 3, 4, 7, 24, 120])("draws the same sparklines of %i buckets, aligned or not", async (spark) => {
    for (const [, range] of RANGES.slice(0, 6)) for (const metric of ["flows", "bytes", "rst"]) await expectSame({ by: "dst", metric, spark, ...range });
    await expectSame({ by: "interface", spark, from: ALIGNED, to: ALIGNED + spark * M });
  });

  it("reads the rollups indeed: whole minutes answer from them, partial ones from the raw rows", async () => {
    const table = partitionName("flow_talkers", uploadIds[0]!);
    const q = ZTopFlowsQueryChecked.parse({ by: "protocol", from: ALIGNED, to: ALIGNED + 3 * M + 10_000 });
    const inner = ZTopFlowsQueryChecked.parse({ by: "protocol", from: ALIGNED + 5000, to: ALIGNED + 50_000 });
    const before = await topFlows(incident, q);
    await db.pool.query(`UPDATE ${table} SET flows = flows + 1000 WHERE dim = 4 AND ts = $1`, [ALIGNED + M]);
    try {
      const after = await topFlows(incident, q);
      expect(after.total).toBe(before.total! + 1000 * (await keysIn(table, ALIGNED + M)));
      expect(await topFlows(incident, q, { raw: true })).toEqual(before);
      // A range within one minute has no whole minute: raw rows only, untouched.
      expect(await topFlows(incident, inner)).toEqual(await topFlows(incident, inner, { raw: true }));
    } finally {
      await db.pool.query(`UPDATE ${table} SET flows = flows - 1000 WHERE dim = 4 AND ts = $1`, [ALIGNED + M]);
    }
    expect(await topFlows(incident, q)).toEqual(before);
  });
});

const keysIn = async (table: string, ts: number) =>
  Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE dim = 4 AND ts = $1`, [ts])).rows[0]!.n);

describe("splitMinutes", () => {
  it("cuts a range into its whole minutes and the partial ones at its edges", () => {
    expect(splitMinutes(ALIGNED + 5, ALIGNED + 2 * M + 7)).toEqual({ minutes: [{ from: ALIGNED + M, to: ALIGNED + 2 * M }], raw: [{ from: ALIGNED + 5, to: ALIGNED + M }, { from: ALIGNED + 2 * M, to: ALIGNED + 2 * M + 7 }] });
    expect(splitMinutes(ALIGNED, ALIGNED + 2 * M)).toEqual({ minutes: [{ from: ALIGNED, to: ALIGNED + 2 * M }], raw: [] });
    expect(splitMinutes(ALIGNED + 1, ALIGNED + M - 1)).toEqual({ minutes: [], raw: [{ from: ALIGNED + 1, to: ALIGNED + M - 1 }] });
    // Minutes refused go to the raw side, merged with their neighbours.
    expect(splitMinutes(ALIGNED, ALIGNED + 3 * M + 1, (m) => m !== ALIGNED + 2 * M)).toEqual({
      minutes: [{ from: ALIGNED, to: ALIGNED + 2 * M }],
      raw: [{ from: ALIGNED + 2 * M, to: ALIGNED + 3 * M + 1 }],
    });
  });
});
