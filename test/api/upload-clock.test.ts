// One true clock: an upload's clock offset and time zone, chosen at upload or changed later (the
// upload is read again with them), and the offsets proposed where a capture and a flow log saw
// the same SYNs. Real files from the scenario builders, uploaded through the HTTP API.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as activityRoute from "@/app/api/incidents/[id]/activity/route";
import * as markersRoute from "@/app/api/incidents/[id]/markers/route";
import * as proposalsRoute from "@/app/api/incidents/[id]/clock-proposals/route";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import * as timelineRoute from "@/app/api/incidents/[id]/postmortem/timeline/route";
import * as uploadRoute from "@/app/api/uploads/[id]/route";
import { whenDetectorsIdle } from "@/lib/findings/scheduler";
import { encodeDns } from "@/lib/samples/capture-frames";
import { CaptureBuilder, rng, S } from "@/lib/samples/scenarios/capture-builder";
import { flowRecord, sampledFrom, writeFlowLogFile, writeMarkersFile, writePrometheusFile } from "@/lib/samples/scenarios/evidence-writers";
import { ZClockProposals } from "@/lib/schemas/clock";
import { ZSeriesColumns, type TSeriesColumns } from "@/lib/schemas/series";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-clock-"));
const T0 = 1_730_000_000; // epoch s

const series = async (incident: string, kind: string, query: string): Promise<TSeriesColumns> => {
  const res = await call(seriesRoute.GET, { path: `/api/incidents/${incident}/series/${kind}?format=columns&${query}`, params: { id: incident, kind } });
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  return ZSeriesColumns.parse(res.data);
};
const patch = (uploadId: string, json: unknown, headers: Record<string, string> = {}) =>
  call(uploadRoute.PATCH, { method: "PATCH", path: `/api/uploads/${uploadId}`, params: { id: uploadId }, json, headers });

/** The bucket start with the most SYNs in an answer's "syn" series. */
function peakOf(c: TSeriesColumns): number {
  const syn = c.series.find((s) => s.key === "syn")!.values;
  let best = 0;
  for (let i = 1; i < syn.length; i++) if ((syn[i] ?? 0) > (syn[best] ?? 0)) best = i;
  return c.t[best]!;
}

/** The start of each of the top `n` peaks (buckets at least 10 s apart). */
function peaksOf(c: TSeriesColumns, n: number): number[] {
  const syn = c.series.find((s) => s.key === "syn")!.values;
  const order = syn.map((v, i) => [v ?? 0, i] as const).sort((a, b) => b[0] - a[0]);
  const picked: number[] = [];
  for (const [, i] of order) {
    if (picked.length === n) break;
    if (picked.every((j) => Math.abs(j - i) >= 10)) picked.push(i);
  }
  return picked.sort((a, b) => a - b).map((i) => c.t[i]!);
}

describe("a capture whose clock is 3.2 s ahead of the flow log", () => {
  const AHEAD_US = 3_200_000;
  let incident: string;
  let captureId: string;
  const range = `from=${(T0 + 30) * 1000}&to=${(T0 + 450) * 1000}&step=1s`;

  beforeAll(async () => {
    // A SYN storm to a dead pod IP: a low trickle and four distinct peaks of different heights,
    // every attempt at a random instant within its second. The flow log stamps the true second,
    // the capture's node clock runs 3.2 s ahead.
    const r = rng(42);
    const attempts: number[] = [];
    for (let s = 40; s < 440; s++) if (r() < 0.5) attempts.push((T0 + s) * S + Math.floor(r() * S));
    for (const [at, height] of [[100, 120], [170, 80], [260, 60], [380, 100]] as const) {
      for (let k = 0; k < height; k++) attempts.push((T0 + at) * S + Math.floor(r() * r() * 3 * S));
    }
    const flows = attempts.map((us, i) =>
      flowRecord({ src: `10.1.${i % 7}.${(i % 200) + 2}`, dst: "10.0.42.17", sport: 30_000 + (i % 30_000), dport: 8080, start: Math.floor(us / S), flags: 2 }),
    );
    const flowFile = path.join(dir, "flows.log");
    await writeFlowLogFile(flowFile, { rows: 2000, startSec: T0, seed: 7, flowsPerSec: 5 }, flows);
    const b = new CaptureBuilder();
    attempts.forEach((us, i) => b.connect(us + AHEAD_US, `10.1.${i % 7}.${(i % 200) + 2}`, "10.0.42.17", 8080, { answered: false }));
    const captureFile = b.write(path.join(dir, "node-a.pcap"));

    incident = await newIncident("clock skew");
    const up = await uploadFiles(incident, [flowFile, captureFile]);
    expect(up.status, JSON.stringify(up.data)).toBe(201);
    captureId = up.data.uploads.find((u: { kind: string }) => u.kind === "pcap").id;
    await whenDetectorsIdle(incident);
  });

  it("proposes −3.2 s ± 0.1 s for the capture; after accepting, both sources' SYN peaks coincide", async () => {
    const flowsBefore = await series(incident, "flows", `${range}&groupBy=flag&metric=flows`);
    const packetsBefore = await series(incident, "packets", range);
    const before = peaksOf(flowsBefore, 4).map((t, i) => peaksOf(packetsBefore, 4)[i]! - t);
    expect(before.every((d) => d >= 3000 && d <= 4000), JSON.stringify(before)).toBe(true);
    expect(packetsBefore.sources).toBeUndefined();

    const res = await call(proposalsRoute.GET, { path: `/api/incidents/${incident}/clock-proposals`, params: { id: incident } });
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    const { proposals } = ZClockProposals.parse(res.data);
    expect(proposals).toHaveLength(1);
    const p = proposals[0]!;
    expect(p.uploadId).toBe(captureId);
    expect(Math.abs(p.proposedOffsetMs - -3200), JSON.stringify(p)).toBeLessThanOrEqual(100);
    expect(p.score).toBeGreaterThan(0.8);
    expect(p.explanation).toMatch(/the capture's SYN peaks lead the flow log's \(flows\.log\) by 3\.\d+ s \(correlation [01]\.\d\d over \d+ s\)/);

    const accepted = await patch(captureId, { clockOffsetMs: p.proposedOffsetMs });
    expect(accepted.status, JSON.stringify(accepted.data)).toBe(200);
    expect(accepted.data).toMatchObject({ id: captureId, clockOffsetMs: p.proposedOffsetMs, status: "ready" });
    await whenDetectorsIdle(incident);

    const flowsAfter = await series(incident, "flows", `${range}&groupBy=flag&metric=flows`);
    const packetsAfter = await series(incident, "packets", range);
    const after = peaksOf(flowsAfter, 4).map((t, i) => peaksOf(packetsAfter, 4)[i]! - t);
    expect(after.every((d) => Math.abs(d) <= 1000), JSON.stringify(after)).toBe(true);
    expect(peakOf(packetsAfter)).toBe(peakOf(flowsAfter));
    // The flow log is untouched; the capture's answer says it is shifted.
    expect(flowsAfter.series).toEqual(flowsBefore.series);
    expect(flowsAfter.sources).toBeUndefined();
    expect(packetsAfter.sources).toEqual([{ uploadId: captureId, filename: "node-a.pcap", clockOffsetMs: p.proposedOffsetMs, timeZone: null }]);
    // Every SYN is still counted, one bucket earlier or later.
    const sum = (c: TSeriesColumns) => c.series.find((s) => s.key === "syn")!.values.reduce<number>((a, v) => a + (v ?? 0), 0);
    expect(sum(packetsAfter)).toBe(sum(packetsBefore));

    // Nothing left to propose, and the change is in the history and the timeline.
    const again = ZClockProposals.parse((await call(proposalsRoute.GET, { path: `/api/incidents/${incident}/clock-proposals`, params: { id: incident } })).data);
    expect(again.proposals).toEqual([]);
    expect(again.skipped[0]).toMatchObject({ uploadId: captureId, reason: expect.stringContaining("already in step") });
    const activity = await call(activityRoute.GET, { path: `/api/incidents/${incident}/activity?since=0`, params: { id: incident } });
    expect(activity.data.clockChanges).toEqual([expect.objectContaining({ uploadId: captureId, filename: "node-a.pcap", fromOffsetMs: 0, toOffsetMs: p.proposedOffsetMs })]);
    const timeline = await call(timelineRoute.GET, { path: `/api/incidents/${incident}/postmortem/timeline`, params: { id: incident } });
    expect(JSON.stringify(timeline.data)).toContain(`node-a.pcap clock shifted −${(-p.proposedOffsetMs / 1000).toString()} s`);
  });
});

describe("a metric export whose clock is 45 s ahead of the rollout markers", () => {
  it("proposes −45 s from the steps after each rollout, with its explanation, and is in step once accepted", async () => {
    const incident = await newIncident("rollouts and steps");
    const rollouts = [T0 + 600, T0 + 1500, T0 + 2400];
    const markers = writeMarkersFile(path.join(dir, "rollouts.csv"), rollouts.map((t, i) => ({ from: t, to: t + 90, label: `checkout v${i + 1}`, kind: "rollout" })));
    // conntrack grows by 20k at each rollout; the export's clock runs 45 s ahead. A second series only wobbles.
    const AHEAD_MS = 45_000;
    const wobble = (i: number) => ((i * 7919) % 13) - 6;
    const metrics = writePrometheusFile(path.join(dir, "node.prom"), [
      { name: "node_nf_conntrack_entries", labels: { node: "a" }, points: sampledFrom(T0, 3600, 5, (t, i) => 30_000 + 20_000 * rollouts.filter((r) => t - AHEAD_MS >= r * 1000).length + wobble(i)).map(([t, v]) => [t, v]) },
      { name: "node_load1", labels: { node: "a" }, points: sampledFrom(T0, 3600, 5, (_t, i) => 2 + wobble(i) / 10) },
    ]);
    const up = await uploadFiles(incident, [markers, metrics]);
    expect(up.status, JSON.stringify(up.data)).toBe(201);
    const metricUpload = up.data.uploads.find((u: { filename: string }) => u.filename === "node.prom");
    const ask = async () => ZClockProposals.parse((await call(proposalsRoute.GET, { path: `/api/incidents/${incident}/clock-proposals`, params: { id: incident } })).data);

    const { proposals } = await ask();
    const p = proposals.find((x) => x.uploadId === metricUpload.id)!;
    expect(p).toMatchObject({ method: "marker-step", against: { filename: "rollouts.csv" }, currentOffsetMs: 0 });
    expect(Math.abs(p.shiftMs + AHEAD_MS)).toBeLessThanOrEqual(5000);
    expect(p.score).toBeGreaterThan(0.9);
    expect(p.explanation).toMatch(/node_nf_conntrack_entries\{node="a"\} steps 45 s after 3 of the 3 rollouts in rollouts\.csv/);

    expect((await patch(metricUpload.id, { clockOffsetMs: p.proposedOffsetMs })).status).toBe(200);
    const again = await ask();
    expect(again.proposals.filter((x) => x.uploadId === metricUpload.id)).toEqual([]);
    expect(again.skipped.find((x) => x.uploadId === metricUpload.id)?.reason).toMatch(/^in step with the rollouts of rollouts\.csv/);
  });
});

describe("a CSV export written in America/New_York across the spring-forward change", () => {
  // 2024-03-10: New York clocks jump from 01:59:59 EST to 03:00:00 EDT (06:59:59 → 07:00:00 UTC).
  const utcTimes = Array.from({ length: 24 }, (_, i) => Date.UTC(2024, 2, 10, 6, 54) + i * 30_000); // 06:54:00 … 07:05:30 UTC
  const local = (utc: number) => {
    const offsetH = utc < Date.UTC(2024, 2, 10, 7) ? 5 : 4;
    return new Date(utc - offsetH * 3_600_000).toISOString().replace("T", " ").replace(/\.000Z$/, "");
  };
  const value = (i: number) => 100 + i * 7;
  const csv = (name: string) => ["time,metric,value,instance", ...utcTimes.map((t, i) => `${local(t)},${name},${value(i)},node-a`)].join("\n") + "\n";
  const prom = utcTimes.map((t, i) => `utc_gauge{instance="node-a"} ${value(i)} ${t}`).join("\n") + "\n";

  const metricTimes = async (incident: string, name: string) => {
    const c = await series(incident, "metrics", `name=${name}&from=${utcTimes[0]! - 6 * 3_600_000}&to=${utcTimes.at(-1)! + 3_600_000}`);
    expect(c.raw).toBe(true);
    return c.t.filter((_, i) => c.series[0]!.values[i] !== null);
  };

  it("lines up with UTC evidence when uploaded with its zone, and a zone set later gives the same", async () => {
    expect(local(utcTimes[11]!)).toBe("2024-03-10 01:59:30");
    expect(local(utcTimes[12]!)).toBe("2024-03-10 03:00:00");
    const promFile = path.join(dir, "node-utc.prom");
    writeFileSync(promFile, prom);
    const zonedFile = path.join(dir, "zoned.csv");
    writeFileSync(zonedFile, csv("ny_gauge"));

    const zonedIncident = await newIncident("zoned at upload");
    const up = await uploadFiles(zonedIncident, [promFile, zonedFile], { timeZone: "America/New_York" });
    expect(up.status, JSON.stringify(up.data)).toBe(201);
    const zoned = up.data.uploads.find((u: { filename: string }) => u.filename === "zoned.csv");
    expect(zoned).toMatchObject({ timeZone: "America/New_York", clockOffsetMs: 0, timeRange: { from: utcTimes[0], to: utcTimes.at(-1) } });
    expect(zoned.errors).toEqual([]); // no "assumed UTC" warning
    expect(await metricTimes(zonedIncident, "utc_gauge")).toEqual(utcTimes);
    expect(await metricTimes(zonedIncident, "ny_gauge")).toEqual(utcTimes);

    // The same export uploaded without a zone reads as UTC (4–5 h off), until its zone is set.
    const laterIncident = await newIncident("zoned later");
    const plain = (await uploadFiles(laterIncident, [zonedFile])).data.uploads[0];
    expect(plain.timeZone).toBeNull();
    expect(plain.errors.map((e: { message: string }) => e.message).join(" ")).toContain("assumed UTC");
    const asUtc = await metricTimes(laterIncident, "ny_gauge");
    expect(asUtc[0]).toBe(utcTimes[0]! - 5 * 3_600_000);
    const res = await patch(plain.id, { timeZone: "America/New_York" });
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    expect(res.data).toMatchObject({ timeZone: "America/New_York", timeRange: zoned.timeRange, rowsParsed: zoned.rowsParsed, errors: [] });
    expect(await metricTimes(laterIncident, "ny_gauge")).toEqual(utcTimes);
    const after = await series(laterIncident, "metrics", "name=ny_gauge");
    expect(after.sources).toEqual([{ uploadId: plain.id, filename: "zoned.csv", clockOffsetMs: 0, timeZone: "America/New_York" }]);

    // An offset on top of the zone shifts every sample by exactly that much; null clears the zone.
    expect((await patch(plain.id, { clockOffsetMs: 2400 })).data).toMatchObject({ clockOffsetMs: 2400, timeZone: "America/New_York" });
    expect(await metricTimes(laterIncident, "ny_gauge")).toEqual(utcTimes.map((t) => t + 2400));
    expect((await patch(plain.id, { clockOffsetMs: 0, timeZone: null })).data).toMatchObject({ clockOffsetMs: 0, timeZone: null });
    expect(await metricTimes(laterIncident, "ny_gauge")).toEqual(asUtc);
    await whenDetectorsIdle(laterIncident);
  });
});

describe("bad clock settings and who may change them", () => {
  let incident: string;
  let uploadId: string;
  beforeAll(async () => {
    incident = await newIncident("clock validation");
    const file = path.join(dir, "one-flow.log");
    writeFileSync(file, "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action tcp-flags log-status\n5 eni-1 10.0.1.5 10.0.42.17 40000 8080 6 1 60 1718000000 1718000001 ACCEPT 2 OK\n");
    uploadId = (await uploadFiles(incident, [file], { clockOffsetMs: "-1500" })).data.uploads[0].id;
  });

  it("applies an offset given at upload to the stored times", async () => {
    const got = (await call(uploadRoute.GET, { path: `/api/uploads/${uploadId}`, params: { id: uploadId } })).data;
    expect(got).toMatchObject({ clockOffsetMs: -1500, timeRange: { from: 1718000000000 - 1500, to: 1718000001000 - 1500 } });
  });

  it.each([
    [{ clockOffsetMs: 1.5 }, "clockOffsetMs"],
    [{ clockOffsetMs: "soon" }, "clockOffsetMs"],
    [{ clockOffsetMs: 8 * 86_400_000 }, "clockOffsetMs"],
    [{ timeZone: "Mars/Olympus_Mons" }, "not an IANA time zone"],
    [{ timeZone: "" }, "not an IANA time zone"],
    [{ offset: 5 }, "offset"],
  ])("PATCH %j → 400", async (body, mentions) => {
    const res = await patch(uploadId, body);
    expect(res.status).toBe(400);
    expect(res.data.error).toMatchObject({ code: "validation_failed", message: expect.stringContaining(mentions) });
  });

  it("refuses a bad zone or offset at upload with 400, storing nothing", async () => {
    const file = path.join(dir, "another.log");
    writeFileSync(file, "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action tcp-flags log-status\n5 eni-1 10.0.1.6 10.0.42.17 40001 8080 6 1 60 1718000000 1718000001 ACCEPT 2 OK\n");
    const zone = await uploadFiles(incident, [file], { timeZone: "Europe/Atlantis" });
    expect(zone.status).toBe(400);
    expect(zone.data.error).toMatchObject({ code: "validation_failed", message: expect.stringContaining("Europe/Atlantis") });
    const offset = await uploadFiles(incident, [file], { clockOffsetMs: "3.2s" });
    expect(offset.status).toBe(400);
    const list = await call((await import("@/app/api/incidents/[id]/uploads/route")).GET, { path: `/api/incidents/${incident}/uploads`, params: { id: incident } });
    expect(list.data.uploads).toHaveLength(1);
  });

  it("moves markers from a file with their upload's clock, zone included", async () => {
    const file = path.join(dir, "deploys.csv");
    // Local Berlin time (CEST, +02:00) without a zone.
    writeFileSync(file, "time,end,label,kind\n2024-06-10 08:13:20,2024-06-10 08:15:00,checkout v42,deploy\n");
    const up = (await uploadFiles(incident, [file])).data.uploads[0];
    const markersOf = async () =>
      (await call(markersRoute.GET, { path: `/api/incidents/${incident}/markers`, params: { id: incident } })).data.markers.filter((m: { label: string }) => m.label === "checkout v42");
    expect((await markersOf()).map((m: { ts: number; endTs: number }) => [m.ts, m.endTs])).toEqual([[Date.UTC(2024, 5, 10, 8, 13, 20), Date.UTC(2024, 5, 10, 8, 15)]]);
    expect((await patch(up.id, { timeZone: "Europe/Berlin", clockOffsetMs: 500 })).status).toBe(200);
    expect((await markersOf()).map((m: { ts: number; endTs: number }) => [m.ts, m.endTs])).toEqual([[Date.UTC(2024, 5, 10, 6, 13, 20, 500), Date.UTC(2024, 5, 10, 6, 15, 0, 500)]]);
  });

  it("reads a capture again with the dnsPorts it was uploaded with", async () => {
    // Queries to a resolver on 8053 that never answers: only a listed DNS port counts them.
    const b = new CaptureBuilder();
    for (let i = 0; i < 12; i++) {
      b.packets.push({ tsUs: (T0 + i) * S, packet: { src: "10.1.0.5", dst: "10.0.0.80", srcPort: 40_000 + i, dstPort: 8053, payload: encodeDns({ id: i + 1, qname: "svc.corp", qtype: 1 }) } });
    }
    const file = b.write(path.join(dir, "resolver-8053.pcap"));
    const queries = async (id: string) => {
      const c = await series(id, "dns", `from=${T0 * 1000}&to=${(T0 + 60) * 1000}&step=1m`);
      return c.series.find((x) => x.key === "queries")!.values.reduce((a: number, v) => a + (v ?? 0), 0);
    };
    const plain = await newIncident("8053 without dnsPorts");
    await uploadFiles(plain, [file]);
    expect(await queries(plain)).toBe(0);
    const listed = await newIncident("8053 with dnsPorts");
    const up = (await uploadFiles(listed, [file], { dnsPorts: "53,8053" })).data.uploads[0];
    expect(await queries(listed)).toBe(12);
    expect((await patch(up.id, { clockOffsetMs: 1000 })).status).toBe(200);
    expect(await queries(listed)).toBe(12);
  });

  it("answers 404 for an unknown upload", async () => {
    const res = await patch("00000000-0000-4000-8000-000000000000", { clockOffsetMs: 10 });
    expect(res.status).toBe(404);
  });
});
