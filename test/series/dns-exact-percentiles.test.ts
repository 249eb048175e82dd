// Exact DNS percentiles through the API: a bucket with at most 1,000 answers is answered from its
// stored transactions (nearest rank), a busier one from the histograms; the answer says which.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import { db } from "@/lib/db";
import { whenDetectorsIdle } from "@/lib/findings/scheduler";
import { generateDnsCapture } from "@/lib/samples/dns-capture-scenario";
import { createCaptureFileWriter } from "@/lib/samples/pcap-writer";
import type { TSeriesResponse } from "@/lib/schemas/series";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const CORPUS = path.join(__dirname, "..", "..", "lib", "parsers", "capture", "fixtures", "corpus");
const T0 = 1_718_000_040; // epoch s, a whole minute
const S = 1_000_000;

async function series(incident: string, query: string): Promise<TSeriesResponse> {
  const res = await call(seriesRoute.GET, { path: `/?${query}`, params: { id: incident, kind: "dns" } });
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  return res.data;
}
const values = (r: TSeriesResponse, key: string) => r.series.find((s) => s.key === key)!.points.filter(([, v]) => v !== null);

/** Nearest rank, computed here from the stored latencies (not by the code under test). */
function nearestRank(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}

describe("exact DNS percentiles", () => {
  let one: string;
  let busy: string;
  beforeAll(async () => {
    one = await newIncident("one DNS-over-TCP answer");
    const up = await uploadFiles(one, [path.join(CORPUS, "dns_tcp.pcap")]);
    expect(up.status, JSON.stringify(up.data)).toBe(201);
    busy = await newIncident("30 queries/s for 2 minutes");
    const chunks: Uint8Array[] = [];
    const writer = createCaptureFileWriter({ type: "pcap", link: "ethernet" }, (c) => chunks.push(c));
    generateDnsCapture({
      seed: 5, startUs: T0 * S, seconds: 120, qps: 30, clients: 10, servers: ["10.0.0.2"], unansweredRate: 0.02,
      latencyDistribution: { kind: "lognormal", medianMs: 8, sigma: 1 }, keepTransactions: false,
    }, (p) => writer.write(p));
    writer.end();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "hindsight-exact-")), "busy.pcap");
    writeFileSync(file, Buffer.concat(chunks));
    const res = await uploadFiles(busy, [file]);
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    await whenDetectorsIdle(one);
    await whenDetectorsIdle(busy);
  });

  it("one answer of 125.857 ms (tshark's dns.time for dns_tcp.pcap) reads 125.857 ms at every percentile", async () => {
    for (const step of ["1s", "5s", "1m", "1h", "30d"]) {
      const r = await series(one, `step=${step}`);
      for (const key of ["p50", "p90", "p99", "max"]) expect(values(r, key).map(([, v]) => v), `${key} at ${step}`).toEqual([125.857]);
      expect(r.exactPercentiles).toEqual(values(r, "p50").map(([t]) => t));
    }
  });

  it("small buckets are exact, buckets over 1,000 answers keep the histogram estimate", async () => {
    const { rows } = await db.pool.query<{ q: string; l: string }>(
      `SELECT t.query_us AS q, t.latency_us AS l FROM dns_transactions t JOIN uploads u ON u.id = t.upload_id
        WHERE u.incident_id = $1 AND t.latency_us IS NOT NULL`, [busy]);
    const byBucket = (stepUs: number) => {
      const m = new Map<number, number[]>();
      for (const r of rows) {
        const b = Math.floor(Number(r.q) / stepUs) * (stepUs / 1000);
        (m.get(b) ?? m.set(b, []).get(b)!).push(Number(r.l));
      }
      for (const list of m.values()) list.sort((x, y) => x - y);
      return m;
    };
    // 5 s buckets hold ~150 answers: exact.
    const five = await series(busy, `step=5s&from=${T0 * 1000}&to=${(T0 + 120) * 1000}`);
    const truth = byBucket(5 * S);
    expect(five.exactPercentiles).toEqual([...truth.keys()].sort((x, y) => x - y));
    for (const [k, q] of [["p50", 0.5], ["p90", 0.9], ["p99", 0.99]] as const) {
      expect(values(five, k)).toEqual([...truth].sort((x, y) => x[0] - y[0]).map(([t, list]) => [t, nearestRank(list, q) / 1000]));
    }
    // 1 min buckets hold ~1,760 answers: histogram midpoints, within 1/128 of the exact value.
    const minute = await series(busy, `step=1m&from=${T0 * 1000}&to=${(T0 + 120) * 1000}`);
    expect(minute.exactPercentiles).toBeUndefined();
    const exact = byBucket(60 * S);
    for (const [t, v] of values(minute, "p90")) {
      const list = exact.get(t)!;
      expect(list.length).toBeGreaterThan(1000);
      const x = nearestRank(list, 0.9) / 1000;
      expect(Math.abs(v! - x) / x).toBeLessThanOrEqual(1 / 128);
    }
  });

  it("takes dnsPorts with the upload and refuses a bad list", async () => {
    const incident = await newIncident("dns on 8053");
    const bad = await uploadFiles(incident, [path.join(CORPUS, "dns_tcp_8053.pcap")], { dnsPorts: "53,99999" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.data)).toMatch(/dnsPorts/);
    const ok = await uploadFiles(incident, [path.join(CORPUS, "dns_tcp_8053.pcap")], { dnsPorts: "53, 8053" });
    expect(ok.status, JSON.stringify(ok.data)).toBe(201);
    await whenDetectorsIdle(incident);
    // tshark -2 -d tcp.port==8053,dns: dns.time 0.144155 s.
    expect(values(await series(incident, "step=1s"), "max").map(([, v]) => v)).toEqual([144.155]);
  });
});
