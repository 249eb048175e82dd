// The one series route, for every kind: the default answer (per series, `[t, value]` points) is
// the columnar one (`format=columns`: one shared `t`, a values array per series) transposed; an
// unknown kind or incident is a 404 and a bad query a 400, all as `{error: {code, message, details}}`.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import { whenDetectorsIdle } from "@/lib/findings/scheduler";
import { generateDnsCapture } from "@/lib/samples/dns-capture-scenario";
import { createCaptureFileWriter } from "@/lib/samples/pcap-writer";
import { writeVpcFlowLog } from "@/lib/samples/write-vpc-flow-log";
import { SERIES_KINDS, ZSeriesColumns, ZSeriesResponse, type TSeriesColumns, type TSeriesKind, type TSeriesResponse } from "@/lib/schemas/series";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const T0 = 1_718_000_040; // epoch s, a whole minute
const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-series-route-"));
const MISSING = "00000000-0000-4000-8000-000000000000";

const get = (incident: string, kind: string, query: string) =>
  call(seriesRoute.GET, { path: `/api/incidents/${incident}/series/${kind}?${query}`, params: { id: incident, kind } });

/**
 * The columns as points, computed here independently of the server: every bucket of every series
 * or, in a raw answer, each series' own samples (a null there is a time it has no sample at).
 */
function transpose(c: TSeriesColumns): TSeriesResponse {
  return {
    from: c.from,
    to: c.to,
    step: c.step,
    series: c.series.map((s) => ({
      key: s.key,
      label: s.label,
      unit: s.unit,
      points: c.t.flatMap((t, i): Array<[number, number | null]> => (c.raw && s.values[i] === null ? [] : [[t, s.values[i]!]])),
    })),
    ...(c.exactPercentiles ? { exactPercentiles: c.exactPercentiles } : {}),
  };
}

/** Both encodings of one query: checked against their schemas, and against each other. */
async function bothFormats(incident: string, kind: TSeriesKind, query: string) {
  const points = await get(incident, kind, query);
  const columns = await get(incident, kind, `${query}&format=columns`);
  expect(points.status, JSON.stringify(points.data)).toBe(200);
  expect(columns.status, JSON.stringify(columns.data)).toBe(200);
  const p = ZSeriesResponse.strict().parse(points.data);
  const c = ZSeriesColumns.strict().parse(columns.data);
  for (const s of c.series) expect(s.values.length, s.key).toBe(c.t.length);
  expect(c.t).toEqual([...c.t].sort((a, b) => a - b));
  // Deep equality of the parsed JSON, and the default body as the one serialization of it.
  expect(points.data).toEqual(transpose(c));
  expect(JSON.stringify(points.data)).toBe(JSON.stringify(transpose(c)));
  return { points: p, columns: c };
}

const nonEmpty = (c: TSeriesColumns) => c.series.some((s) => s.values.some((v) => v !== null && v !== 0));

describe("GET /api/incidents/:id/series/:kind", () => {
  let incident: string;

  beforeAll(async () => {
    const flows = path.join(dir, "flows.log");
    await writeVpcFlowLog(flows, { version: 5, rows: 6_000, startSec: T0, seed: 11, storm: { dst: "10.0.42.17", fromSec: T0 + 60, toSec: T0 + 90, synsPerSec: 50 } });
    const chunks: Uint8Array[] = [];
    const writer = createCaptureFileWriter({ type: "pcap", link: "ethernet" }, (c) => chunks.push(c));
    generateDnsCapture({
      seed: 4, startUs: T0 * 1e6, seconds: 120, qps: 30, tcpRate: 0.2, unansweredRate: 0.05, servfailRate: 0.05, keepTransactions: false,
      synStorm: { startSecond: 30, seconds: 20, synsPerSecond: 40, target: "10.0.9.9", port: 443, retransmits: 2 },
    }, (p) => writer.write(p));
    writer.end();
    const capture = path.join(dir, "dns.pcap");
    writeFileSync(capture, Buffer.concat(chunks));
    // Two series of one metric every 10 s, five seconds apart: raw answers have times of each
    // series at which the other has no sample.
    const lines = ["time,metric,value,instance"];
    for (let s = 0; s < 300; s += 10) {
      lines.push(`${new Date((T0 + s) * 1000).toISOString()},conntrack_entries,${1000 + s},a`);
      lines.push(`${new Date((T0 + s + 5) * 1000).toISOString()},conntrack_entries,${2000 + s * 2},b`);
    }
    const metrics = path.join(dir, "metrics.csv");
    writeFileSync(metrics, lines.join("\n") + "\n");

    incident = await newIncident("series route");
    const res = await uploadFiles(incident, [flows, capture, metrics]);
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    for (const u of res.data.uploads) expect(u.status, JSON.stringify(u)).toBe("ready");
    await whenDetectorsIdle(incident);
  });

  const range = `from=${T0 * 1000}&to=${(T0 + 300) * 1000}`;

  it("answers flows as their columns transposed, for every grouping, metric and filter", async () => {
    for (const q of ["", `${range}&maxPoints=100`, `${range}&step=10s&groupBy=direction&metric=bytes`, `${range}&step=1m&groupBy=action&metric=packets`,
      `${range}&step=5s&dst=10.0.42.17/32`, `${range}&step=5s&port=443&groupBy=direction`]) {
      const { columns } = await bothFormats(incident, "flows", q);
      expect(nonEmpty(columns), q).toBe(true);
      expect(columns.t[0]).toBe(columns.from);
      expect(columns.t.length).toBe((columns.to - columns.from) / columns.step);
    }
  });

  it("answers packets and DNS as their columns transposed", async () => {
    for (const kind of ["packets", "dns"] as const) {
      for (const q of ["", `${range}&step=1s`, `${range}&step=5s`, `${range}&maxPoints=20`, `${range}&step=1m`]) {
        const { columns } = await bothFormats(incident, kind, q);
        expect(nonEmpty(columns), `${kind} ${q}`).toBe(true);
      }
    }
    const { columns } = await bothFormats(incident, "dns", `${range}&step=5s`);
    expect(columns.series.map((s) => s.key)).toEqual(["queries", "answered", "unanswered", "servfail", "nxdomain", "p50", "p90", "p99", "max"]);
    // Latency is null where a bucket has no answer, counts are 0.
    const p50 = columns.series.find((s) => s.key === "p50")!.values;
    const queries = columns.series.find((s) => s.key === "queries")!.values;
    expect(p50.some((v) => v === null)).toBe(true);
    expect(queries.every((v) => v !== null)).toBe(true);
  });

  it("answers metrics as their columns transposed, aggregated or as exported", async () => {
    // As exported: both series' sample times, each series null at the other's.
    const raw = await bothFormats(incident, "metrics", `name=conntrack_entries&${range}`);
    expect(raw.columns.raw).toBe(true);
    expect(raw.columns.t.length).toBe(60);
    expect(raw.points.series.map((s) => s.points.length)).toEqual([30, 30]);
    expect(raw.columns.series.map((s) => s.values.filter((v) => v === null).length)).toEqual([30, 30]);
    expect(raw.points.series[1]!.points[0]).toEqual([(T0 + 5) * 1000, 2000]);
    // Aggregated into buckets, with label filters and every aggregate.
    for (const q of [`${range}&step=1m`, `${range}&step=1m&agg=max`, `${range}&step=30s&agg=last&instance=b`, `${range}&step=10s&instance=nobody`]) {
      const { columns } = await bothFormats(incident, "metrics", `name=conntrack_entries&${q}`);
      expect(columns.raw, q).toBeUndefined();
      expect(columns.t.length).toBe((columns.to - columns.from) / columns.step);
    }
    const filtered = await bothFormats(incident, "metrics", `name=conntrack_entries&${range}&step=1m&instance=b`);
    expect(filtered.columns.series.map((s) => s.label)).toEqual(['conntrack_entries{instance="b"}']);
    // A metric the incident's exports do not have: a 404 that names the close ones.
    const unknown = await call(seriesRoute.GET, { path: `/api/incidents/${incident}/series/metrics?name=conntrack_entry&${range}`, params: { id: incident, kind: "metrics" } });
    expect(unknown.status).toBe(404);
    expect(unknown.data.error.code).toBe("unknown_metric");
    expect(unknown.data.error.details).toEqual({ name: "conntrack_entry", suggestions: ["conntrack_entries"] });
  });

  it("answers an incident without evidence with empty columns", async () => {
    const empty = await newIncident("series route, no evidence");
    for (const kind of SERIES_KINDS) {
      const { columns } = await bothFormats(empty, kind, kind === "metrics" ? `name=x&${range}&step=1m` : `${range}&step=1m`);
      expect(columns.series.every((s) => s.values.every((v) => v === 0 || v === null)), kind).toBe(true);
    }
  });

  it("answers an unknown kind with a 404", async () => {
    for (const kind of ["flow", "metric", "series", "FLOWS", "..", "toString", "__proto__"]) {
      const res = await get(incident, kind, range);
      expect(res.status, kind).toBe(404);
      expect(res.data.error).toMatchObject({ code: "not_found", details: { kind, kinds: [...SERIES_KINDS] } });
      expect(res.data.error.message).toContain(kind);
    }
  });

  it("answers an unknown incident with a 404, whatever the kind or query", async () => {
    for (const kind of [...SERIES_KINDS, "nope"]) {
      const res = await get(MISSING, kind, "groupBy=nope&step=1ms");
      expect(res.status, kind).toBe(404);
      expect(res.data.error.code).toBe("not_found");
    }
    expect((await get("not-a-uuid", "flows", "")).status).toBe(404);
  });

  it("answers an invalid query with a 400 validation_failed naming the parameter", async () => {
    const cases: Array<[TSeriesKind, string, string]> = [
      ["flows", "groupBy=port", "groupBy"],
      ["flows", "metric=frames", "metric"],
      ["flows", "dst=not-an-ip", "dst"],
      ["flows", "src=10.0.0.0/99", "src"],
      ["flows", "port=70000", "port"],
      ["flows", "from=yesterday", "from"],
      ["packets", "step=500ms", "step"],
      ["packets", "groupBy=direction", "groupBy"],
      ["dns", "maxPoints=5", "maxPoints"],
      ["dns", "format=csv", "format"],
      ["metrics", "agg=avg", "name"],
      ["metrics", "name=x&agg=median", "agg"],
    ];
    for (const [kind, q, param] of cases) {
      const res = await get(incident, kind, q);
      expect(res.status, `${kind}?${q}`).toBe(400);
      expect(res.data.error.code, `${kind}?${q}`).toBe("validation_failed");
      expect(res.data.error.details.map((d: { path: string }) => d.path), `${kind}?${q}`).toContain(param);
    }
    // A backwards or oversized range is a 400 of its own.
    expect((await get(incident, "flows", `from=${T0 * 1000}&to=${T0 * 1000 - 1}`)).data.error.code).toBe("bad_range");
    expect((await get(incident, "dns", "from=0&to=86400000000&step=1s&format=columns")).data.error.code).toBe("bad_range");
  });
});
