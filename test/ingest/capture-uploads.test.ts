// Packet captures through the real upload route: rotated files uploaded together form one
// timeline; per-second counts and max latency equal the generator's truth, percentiles are
// within 2 %.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import * as uploadRoute from "@/app/api/uploads/[id]/route";
import { generateDnsCapture, type DnsCaptureOptions, type DnsCaptureTruth } from "@/lib/samples/dns-capture-scenario";
import { createCaptureFileWriter } from "@/lib/samples/pcap-writer";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const S = 1_000_000;
const START_S = 1_718_000_000;
const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-captures-"));

const SCENARIO: DnsCaptureOptions = {
  seed: 11, startUs: START_S * S, seconds: 8, qps: 120, clients: 20, servers: ["10.0.0.2", "10.0.0.3"],
  ipv6Rate: 0.2, tcpRate: 0.1, unansweredRate: 0.05, servfailRate: 0.05, nxdomainRate: 0.1,
  retransmitAfterMs: 400, maxRetries: 3, latencyDistribution: { kind: "lognormal", medianMs: 30, sigma: 1 },
  synStorm: { startSecond: 2, seconds: 2, synsPerSecond: 200, target: "10.9.9.9", port: 443, retransmits: 3 },
  tcpConnectionsPerSecond: 20,
};

/** Writes the scenario as pcap files rotated every `rotateS` seconds, like tcpdump -G. */
function writeRotated(rotateS: number): { files: string[]; truth: DnsCaptureTruth } {
  const files: string[] = [];
  let chunks: Uint8Array[] = [];
  let writer: ReturnType<typeof createCaptureFileWriter> | null = null;
  let fileEnd = -Infinity;
  const close = () => {
    if (!writer) return;
    writer.end();
    const f = path.join(dir, `dns-${String(files.length).padStart(2, "0")}.pcap`);
    writeFileSync(f, Buffer.concat(chunks));
    files.push(f);
  };
  const truth = generateDnsCapture(SCENARIO, (p) => {
    if (p.tsUs >= fileEnd) {
      close();
      chunks = [];
      writer = createCaptureFileWriter({ type: "pcap", link: "ethernet" }, (c) => chunks.push(c));
      fileEnd = (Math.floor(p.tsUs / (rotateS * S)) + 1) * rotateS * S;
    }
    writer!.write(p);
  });
  close();
  return { files, truth };
}

const nearestRank = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;

describe("capture uploads", () => {
  let files: string[];
  let truth: DnsCaptureTruth;
  let incident: string;
  let uploads: Array<{ id: string; filename: string; status: string; rowsParsed: number }>;

  beforeAll(async () => {
    ({ files, truth } = writeRotated(2));
    incident = await newIncident("captures");
    // Attached out of order on purpose: the server reads rotated files in time order.
    const res = await uploadFiles(incident, [...files].reverse());
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    uploads = res.data.uploads;
  });

  it("stores one upload per rotated file, all ready, with every packet counted once", () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(uploads.map((u) => u.status)).toEqual(files.map(() => "ready"));
    expect(uploads.reduce((a, u) => a + u.rowsParsed, 0)).toBe(truth.packets);
  });

  it("gives per-second DNS counts and max latency equal to the truth, percentiles within 2 %", async () => {
    const res = await call(seriesRoute.GET, { path: `/?step=1s&from=${START_S * 1000}&to=${(START_S + 20) * 1000}`, params: { id: incident, kind: "dns" } });
    expect(res.status).toBe(200);
    const series = Object.fromEntries(res.data.series.map((s: { key: string; points: Array<[number, number | null]> }) => [s.key, new Map(s.points)]));
    for (const [second, t] of truth.dnsSeconds) {
      const at = second * 1000;
      for (const key of ["queries", "answered", "unanswered", "servfail", "nxdomain"] as const) {
        expect(series[key].get(at), `${key} at ${second}`).toBe(t[key]);
      }
      expect(series.max.get(at), `max at ${second}`).toBe(t.maxLatencyUs === null ? null : t.maxLatencyUs / 1000);
      const sorted = [...t.latencies].sort((a, b) => a - b);
      for (const [key, q] of [["p50", 0.5], ["p90", 0.9], ["p99", 0.99]] as const) {
        if (!sorted.length) continue;
        const exact = nearestRank(sorted, q) / 1000;
        expect(Math.abs(series[key].get(at) - exact) / exact, `${key} at ${second}`).toBeLessThanOrEqual(0.02);
      }
    }
    const total = [...truth.dnsSeconds.values()].reduce((a, t) => a + t.queries, 0);
    expect([...series.queries.values()].reduce((a: number, v: number) => a + v, 0)).toBe(total);
  });

  it("answers coarser steps from the 5 s and 1 min histograms with the same accuracy", async () => {
    for (const stepS of [5, 60]) {
      const res = await call(seriesRoute.GET, { path: `/?step=${stepS}s&from=${START_S * 1000}&to=${(START_S + 60) * 1000}`, params: { id: incident, kind: "dns" } });
      const series = Object.fromEntries(res.data.series.map((s: { key: string; points: Array<[number, number | null]> }) => [s.key, new Map(s.points)]));
      const groups = new Map<number, number[]>();
      for (const [second, t] of truth.dnsSeconds) {
        const at = Math.floor(second / stepS) * stepS * 1000;
        groups.set(at, [...(groups.get(at) ?? []), ...t.latencies]);
      }
      for (const [at, latencies] of groups) {
        if (!latencies.length) continue;
        const sorted = latencies.sort((a, b) => a - b);
        expect(series.max.get(at), `max at ${at}, step ${stepS}s`).toBe(sorted[sorted.length - 1]! / 1000);
        for (const [key, q] of [["p50", 0.5], ["p99", 0.99]] as const) {
          const exact = nearestRank(sorted, q) / 1000;
          expect(Math.abs(series[key].get(at) - exact) / exact, `${key} at ${at}, step ${stepS}s`).toBeLessThanOrEqual(0.02);
        }
      }
    }
  });

  it("gives per-second TCP packets by flag and SYN retransmissions equal to the truth", async () => {
    const res = await call(seriesRoute.GET, { path: `/?step=1s&from=${START_S * 1000}&to=${(START_S + 20) * 1000}`, params: { id: incident, kind: "packets" } });
    const series = Object.fromEntries(res.data.series.map((s: { key: string; points: Array<[number, number]> }) => [s.key, new Map(s.points)]));
    expect(truth.tcpSeconds.size).toBeGreaterThan(0);
    for (const [second, t] of truth.tcpSeconds) {
      const at = second * 1000;
      for (const key of ["syn", "synack", "rst", "fin", "other"] as const) expect(series[key].get(at), `${key} at ${second}`).toBe(t[key]);
      expect(series.retransmissions.get(at), `retransmissions at ${second}`).toBe(t.synRetransmissions);
    }
  });

  it("deleting one rotated file removes exactly what came from it", async () => {
    const other = await newIncident("rotated delete");
    const res = await uploadFiles(other, files);
    const first = res.data.uploads.find((u: { filename: string }) => u.filename === path.basename(files[0]!));
    const sum = async () => {
      const r = await call(seriesRoute.GET, { path: `/?step=1m&from=${START_S * 1000}&to=${(START_S + 60) * 1000}`, params: { id: other, kind: "dns" } });
      return r.data.series.find((s: { key: string }) => s.key === "queries").points.reduce((a: number, [, v]: [number, number]) => a + v, 0);
    };
    const before = await sum();
    expect((await call(uploadRoute.DELETE, { method: "DELETE", params: { id: first.id } })).status).toBe(204);
    const after = await sum();
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThan(0);
  });

  it("keeps the readable part of a truncated capture and answers a file with a wrong magic", async () => {
    const bad = await newIncident("bad captures");
    const whole = readFileSync(files[1]!);
    const cut = path.join(dir, "cut.pcap");
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2) + 7));
    const res = await uploadFiles(bad, [cut]);
    expect(res.status).toBe(201);
    expect(res.data.uploads[0].status).toBe("ready");
    expect(res.data.uploads[0].rowsParsed).toBeGreaterThan(0);
    expect(res.data.uploads[0].rowsRejected).toBe(1);
    expect(res.data.uploads[0].errors[0].message).toMatch(/truncat|ends|cut/i);
    const magic = path.join(dir, "magic.pcap");
    const broken = Buffer.from(whole);
    broken.writeUInt32LE(0xdeadbeef, 0);
    writeFileSync(magic, broken);
    const wrong = await uploadFiles(bad, [magic]);
    expect(wrong.status).toBe(422);
    expect(wrong.data.error.code).toBe("unsupported_format");
  });
});
