// DNS series from the per-bucket summaries written at ingest (5 s and 1 min steps over a single
// upload) must answer exactly what merging the histograms answers. With several uploads in the
// window, for other steps, and for uploads ingested before the summaries existed, the histograms
// answer.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import { db } from "@/lib/db";
import { whenDetectorsIdle } from "@/lib/findings/scheduler";
import { partitionName } from "@/lib/evidence/partitions";
import { generateDnsCapture, type DnsCaptureOptions } from "@/lib/samples/dns-capture-scenario";
import { createCaptureFileWriter } from "@/lib/samples/pcap-writer";
import { toPoints, type TDnsSeriesQuery, type TSeriesResponse } from "@/lib/schemas/series";
import { dnsSeries as dnsColumns, type DnsSeriesOptions } from "@/lib/series/capture-series";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const T0 = 1_718_000_000; // epoch s, a multiple of 5 s
const M0 = T0 - 20; // the minute T0 falls in: [M0, M0 + 60 s) has only A below
const S = 1_000_000;
const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-dns-summaries-"));
const BASE: Omit<DnsCaptureOptions, "seed" | "seconds" | "qps"> = {
  clients: 30, servers: ["10.0.0.2", "10.0.0.3"], tcpRate: 0.1, unansweredRate: 0.05, servfailRate: 0.05, nxdomainRate: 0.1,
  retransmitAfterMs: 400, maxRetries: 2, latencyDistribution: { kind: "lognormal", medianMs: 20, sigma: 1.2 }, keepTransactions: false,
};

function writeCapture(name: string, options: Partial<DnsCaptureOptions> & Pick<DnsCaptureOptions, "seed" | "seconds" | "qps">): string {
  const chunks: Uint8Array[] = [];
  const writer = createCaptureFileWriter({ type: "pcap", link: "ethernet" }, (c) => chunks.push(c));
  generateDnsCapture({ ...BASE, ...options }, (p) => writer.write(p));
  writer.end();
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat(chunks));
  return file;
}

async function upload(incident: string, file: string): Promise<string> {
  const res = await uploadFiles(incident, [file]);
  expect(res.status, JSON.stringify(res.data)).toBe(201);
  expect(res.data.uploads[0].status).toBe("ready");
  return res.data.uploads[0].id;
}

/** The answer as the API sends it by default, but with the stored estimates only (no exact percentiles for small buckets). */
const dnsSeries = async (incident: string, q: TDnsSeriesQuery, options?: DnsSeriesOptions) => toPoints(await dnsColumns(incident, q, { exact: false, ...options }));
const window = (fromS: number, toS: number, stepS: number) => ({ from: fromS * 1000, to: toS * 1000, step: stepS * 1000 });
const point = (r: TSeriesResponse, key: string, atS: number) => r.series.find((s) => s.key === key)!.points.find(([t]) => t === atS * 1000)![1];

/** Adds 1 µs to one stored p50: visible only when the answer comes from the summaries. */
async function nudgeP50(uploadId: string, table: "dns_latency_summary_5s" | "dns_latency_summary_1m", atS: number, by: number) {
  const { rowCount } = await db.pool.query(`UPDATE ${partitionName(table, uploadId)} SET p50_us = p50_us + $2 WHERE ts = $1 AND p50_us IS NOT NULL`, [atS * 1000, by]);
  expect(rowCount).toBe(1);
}

describe("DNS series from per-bucket summaries", () => {
  // A: 150 s from T0. B: quiet and mostly unanswered, 10 minutes later (5 s buckets with queries
  // but no latency at all). C: overlaps A from T0 + 60 s.
  let a: string, b: string, c: string;
  const files = {} as Record<"a" | "b" | "c", string>;
  let single: string; // incident with A only
  let several: string; // incident with A, B and C

  beforeAll(async () => {
    files.a = writeCapture("a.pcap", { seed: 21, startUs: T0 * S, seconds: 150, qps: 80 });
    files.b = writeCapture("b.pcap", { seed: 22, startUs: (T0 + 600) * S, seconds: 60, qps: 1, unansweredRate: 0.8 });
    files.c = writeCapture("c.pcap", { seed: 23, startUs: (T0 + 60) * S, seconds: 120, qps: 50, latencyDistribution: { kind: "lognormal", medianMs: 5, sigma: 0.5 } });
    single = await newIncident("dns summaries, one upload");
    await upload(single, files.a);
    several = await newIncident("dns summaries, several uploads");
    a = await upload(several, files.a);
    b = await upload(several, files.b);
    c = await upload(several, files.c);
    await whenDetectorsIdle(single);
    await whenDetectorsIdle(several);
  });

  it("writes one summary row per 5 s and 1 min bucket with DNS activity", async () => {
    const count = async (table: "dns_latency_summary_5s" | "dns_latency_summary_1m", id: string) =>
      Number((await db.pool.query(`SELECT count(*) AS n FROM ${partitionName(table, id)}`)).rows[0].n);
    const buckets = async (step: number, id: string) =>
      Number((await db.pool.query(`SELECT count(DISTINCT ts / $1) AS n FROM dns_rollups WHERE upload_id = $2`, [step, id])).rows[0].n);
    for (const id of [a, b, c]) {
      expect(await count("dns_latency_summary_5s", id)).toBe(await buckets(5000, id));
      expect(await count("dns_latency_summary_1m", id)).toBe(await buckets(60_000, id));
    }
    expect(await count("dns_latency_summary_5s", a)).toBeGreaterThanOrEqual(30);
  });

  it("answers 5 s and 1 min steps over one upload exactly as the merged histograms do", async () => {
    for (const [fromS, toS, stepS] of [
      [T0 - 7, T0 + 157, 5], [T0 + 12, T0 + 48, 5], [T0 - 60, T0 + 240, 60], [T0 + 61, T0 + 119, 60], [T0 + 900, T0 + 1000, 5],
    ] as const) {
      const q = window(fromS, toS, stepS);
      const fast = await dnsSeries(single, q);
      const slow = await dnsSeries(single, q, { summaries: false });
      expect(fast, `${fromS}..${toS} step ${stepS}s`).toEqual(slow);
    }
    // Non-trivial answers: every key has values in the window.
    const r = await dnsSeries(single, window(T0, T0 + 150, 5));
    for (const s of r.series) expect(s.points.some(([, v]) => v !== null && v !== 0), s.key).toBe(true);
    // And through the route, which uses the summaries by default.
    const res = await call(seriesRoute.GET, { path: `/?step=5s&from=${T0 * 1000}&to=${(T0 + 150) * 1000}`, params: { id: single, kind: "dns" } });
    expect(res.status).toBe(200);
    expect(res.data).toEqual(JSON.parse(JSON.stringify(await dnsSeries(single, window(T0, T0 + 150, 5), { summaries: false, exact: true }))));
  });

  it("reads the summaries when one upload has data in the window, merges histograms when several do", async () => {
    await nudgeP50(a, "dns_latency_summary_5s", T0 + 10, 1);
    await nudgeP50(a, "dns_latency_summary_5s", T0 + 100, 1);
    await nudgeP50(a, "dns_latency_summary_1m", M0, 1);
    try {
      // Only A before T0 + 60 s (C starts there): the summaries answer (the nudge shows).
      const onlyA = window(T0, T0 + 60, 5);
      const fast = await dnsSeries(several, onlyA);
      const slow = await dnsSeries(several, onlyA, { summaries: false });
      expect(point(fast, "p50", T0 + 10)! * 1000 - point(slow, "p50", T0 + 10)! * 1000).toBeCloseTo(1, 6);
      expect(point(fast, "p50", T0 + 15)).toBe(point(slow, "p50", T0 + 15));
      const minute = window(M0, M0 + 60, 60);
      expect(point(await dnsSeries(several, minute), "p50", M0)! * 1000 - point(await dnsSeries(several, minute, { summaries: false }), "p50", M0)! * 1000).toBeCloseTo(1, 6);
      // A and C overlap: merged histograms (no nudge at T0 + 100 s nor in the minute at M0), also
      // across all three uploads.
      for (const q of [window(T0 + 30, T0 + 120, 5), window(T0, T0 + 180, 60), window(T0 - 60, T0 + 720, 5), window(T0 - 60, T0 + 720, 60)]) {
        expect(await dnsSeries(several, q)).toEqual(await dnsSeries(several, q, { summaries: false }));
      }
      // Only B (a different upload of the same incident): its summaries, identical.
      const onlyB = window(T0 + 590, T0 + 680, 5);
      const bFast = await dnsSeries(several, onlyB);
      expect(bFast).toEqual(await dnsSeries(several, onlyB, { summaries: false }));
      const queries = bFast.series.find((s) => s.key === "queries")!.points;
      const p50 = bFast.series.find((s) => s.key === "p50")!.points;
      expect(queries.some(([, n], i) => n! > 0 && p50[i]![1] === null), "a bucket with queries but no answer").toBe(true);
      // Other steps never read the summaries.
      const tenSeconds = window(T0, T0 + 60, 10);
      expect(await dnsSeries(several, tenSeconds)).toEqual(await dnsSeries(several, tenSeconds, { summaries: false }));
    } finally {
      await nudgeP50(a, "dns_latency_summary_5s", T0 + 10, -1);
      await nudgeP50(a, "dns_latency_summary_5s", T0 + 100, -1);
      await nudgeP50(a, "dns_latency_summary_1m", M0, -1);
    }
  });

  it("falls back to the histograms for an upload ingested before the summaries existed", async () => {
    const old = await newIncident("dns summaries, old upload");
    const id = await upload(old, files.a);
    await whenDetectorsIdle(old);
    const q5 = window(T0, T0 + 150, 5);
    const q60 = window(T0, T0 + 180, 60);
    const expected5 = await dnsSeries(old, q5, { summaries: false });
    const expected60 = await dnsSeries(old, q60, { summaries: false });
    await db.pool.query(`DROP TABLE ${partitionName("dns_latency_summary_5s", id)}, ${partitionName("dns_latency_summary_1m", id)}`);
    expect(await dnsSeries(old, q5)).toEqual(expected5);
    expect(await dnsSeries(old, q60)).toEqual(expected60);
    expect(expected5.series.find((s) => s.key === "p99")!.points.filter(([, v]) => v !== null).length).toBe(30);
  });
});
