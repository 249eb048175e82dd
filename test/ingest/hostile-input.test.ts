// Inputs that used to wedge or garble an upload: a NUL byte quoted in a parser's warning or inside
// a field, a timestamp centuries away, a file name outside ASCII, a line of 128 MiB.
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import * as uploadRoute from "@/app/api/uploads/[id]/route";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const HOSTILE = path.resolve(import.meta.dirname, "../fixtures/hostile");
const METRICS = path.resolve(import.meta.dirname, "../../lib/parsers/metrics/fixtures");
const FLOW_FIXTURES = path.resolve(import.meta.dirname, "../../lib/parsers/fixtures");

it("keeps an upload whose warning quotes a NUL byte, and shows the byte escaped", async () => {
  const incident = await newIncident("nul in a warning");
  const res = await uploadFiles(incident, [path.join(HOSTILE, "prometheus-warning-nul.json")]);
  expect(res.status).toBe(201);
  const [upload] = res.data.uploads;
  expect(upload.status).toBe("ready");
  expect(upload.errors).toContainEqual({ line: 0, message: "Prometheus warning: partial response: store\\x00gateway unreachable" });
  const read = await call(uploadRoute.GET, { params: { id: upload.id } });
  expect(read.status).toBe(200);
  expect(read.data.status).toBe("ready");
});

it("stores a file name outside ASCII as it was sent", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-names-"));
  const named = path.join(dir, "données-été.json");
  copyFileSync(path.join(METRICS, "prometheus-api-matrix.json"), named);
  const incident = await newIncident("utf-8 names");
  const res = await uploadFiles(incident, [named]);
  expect(res.status).toBe(201);
  expect(res.data.uploads[0].filename).toBe("données-été.json");
});

describe.each([
  ["flows-far-future-and-nul.log", "aws-vpc-flow", 20, "flows"],
  ["prometheus-far-future-and-nul.prom", "prometheus-text", 10, "metrics"],
])("%s: a row from year 3000+ and one with a NUL field", (file, kind, kept, seriesKind) => {
  it("are set aside with their reasons; the rest is kept and the default range stays on the evidence", async () => {
    const incident = await newIncident(`hostile ${file}`);
    const res = await uploadFiles(incident, [path.join(HOSTILE, file)]);
    expect(res.status).toBe(201);
    const [upload] = res.data.uploads;
    expect(upload).toMatchObject({ kind, status: "ready", rowsParsed: kept, rowsRejected: 2 });
    const messages = (upload.errors as Array<{ message: string }>).map((e) => e.message).join("\n");
    expect(messages).toMatch(/outside 1990 … now \+ 1 day|between 1990 and 2100/);
    expect(messages).toMatch(/NUL/);
    expect(upload.timeRange.to - upload.timeRange.from).toBeLessThan(3_600_000);
    const query = seriesKind === "metrics" ? "?name=node_nf_conntrack_entries" : "";
    const series = await call(seriesRoute.GET, { path: `/x${query}`, params: { id: incident, kind: seriesKind } });
    expect(series.status).toBe(200);
    expect(series.data.to - series.data.from).toBeLessThan(3_600_000);
  });
});

it("sets aside a 128 MiB line in a small gzip file and keeps every other line", async () => {
  const lines = readFileSync(path.join(FLOW_FIXTURES, "aws-v2.log"), "utf8").trimEnd().split("\n");
  const giant = Buffer.alloc(128 * 1024 * 1024, 0x32); // "2222…": starts like a v2 record
  const body = Buffer.concat([Buffer.from(`${lines.slice(0, 2).join("\n")}\n`), giant, Buffer.from(`\n${lines.slice(2).join("\n")}\n`)]);
  const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-long-line-"));
  const file = path.join(dir, "long-line.log.gz");
  writeFileSync(file, gzipSync(body));
  expect(statSync(file).size).toBeLessThan(1024 * 1024);

  const incident = await newIncident("one 128 MiB line");
  const res = await uploadFiles(incident, [file]);
  expect(res.status).toBe(201);
  const [upload] = res.data.uploads;
  // NODATA/SKIPDATA lines are gaps, not rows.
  const records = lines.filter((l) => /^2 .* OK$/.test(l)).length;
  const gaps = lines.filter((l) => /^2 .* (NODATA|SKIPDATA)$/.test(l)).length;
  expect(gaps).toBe(2);
  expect(upload).toMatchObject({ kind: "aws-vpc-flow", status: "ready", rowsParsed: records, gaps, rowsRejected: 1 });
  expect(upload.errors).toContainEqual({ line: 3, message: `line longer than 1 MiB (${giant.length} bytes or more): set aside` });
});

it("keeps a record a year off the rest but leaves it out of the default range, and says so", async () => {
  const lines = readFileSync(path.join(FLOW_FIXTURES, "aws-v2.log"), "utf8").trimEnd().split("\n");
  const yearEarlier = lines[1]!.replace(/ (\d{10}) (\d{10}) /, (_m, s: string, e: string) => ` ${Number(s) - 365 * 86_400} ${Number(e) - 365 * 86_400} `);
  const many = Array.from({ length: 2000 }, (_, i) => lines[1 + (i % (lines.length - 1))]!.replace(/ (\d{10}) (\d{10}) /, (_m, s: string, e: string) => ` ${Number(s) + i} ${Number(e) + i} `));
  const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-outlier-"));
  const file = path.join(dir, "one-year-off.log");
  writeFileSync(file, [lines[0], ...many.slice(0, 1000), yearEarlier, ...many.slice(1000)].join("\n") + "\n");

  const incident = await newIncident("a clock a year off");
  const res = await uploadFiles(incident, [file]);
  expect(res.status).toBe(201);
  const [upload] = res.data.uploads;
  // The fixture's five records repeat: three flows and two NODATA/SKIPDATA gaps, plus the one a year off.
  expect(upload).toMatchObject({ status: "ready", rowsParsed: 1201, gaps: 800, rowsRejected: 0 });
  expect(upload.timeRange.to - upload.timeRange.from).toBeLessThan(3 * 3_600_000);
  expect(upload.errors).toContainEqual(expect.objectContaining({ line: 0, message: expect.stringMatching(/^1 flow records lie far apart from the rest/) }));
  const series = await call(seriesRoute.GET, { path: "/x", params: { id: incident, kind: "flows" } });
  expect(series.status).toBe(200);
  expect(series.data.to - series.data.from).toBeLessThan(3 * 3_600_000);
  // Kept: a query over its day finds it.
  const at = Number(/ (\d{10}) /.exec(yearEarlier)![1]) * 1000;
  const day = await call(seriesRoute.GET, { path: `/x?from=${at - 60_000}&to=${at + 60_000}&step=1m`, params: { id: incident, kind: "flows" } });
  const total = day.data.series.flatMap((s: { points: Array<[number, number]> }) => s.points.map((p) => p[1])).reduce((a: number, b: number) => a + b, 0);
  expect(total).toBe(1);
});

describe.each([
  ["tshark-nan-port.csv", "tshark-fields", /NaN|port/i],
  ["prometheus-1e19.prom", "prometheus-text", /1e\+?19|10000000000000000000|outside|between/],
])("%s: a number no column can hold", (file, kind, reason) => {
  it("is set aside with its line; the rest of the file is kept", async () => {
    const incident = await newIncident(`out of range ${file}`);
    const res = await uploadFiles(incident, [path.join(HOSTILE, file)]);
    expect(res.status).toBe(201);
    const [upload] = res.data.uploads;
    expect(upload).toMatchObject({ kind, status: "ready" });
    expect(upload.rowsParsed).toBeGreaterThan(0);
    expect(upload.rowsRejected).toBeGreaterThanOrEqual(1);
    expect((upload.errors as Array<{ message: string }>).map((e) => e.message).join("\n")).toMatch(reason);
  });
});

describe.each([
  ["a NUL in a deploy marker's message", "lib/parsers/markers/fixtures/deploy-markers.csv", "deploy-markers-csv", (t: string) => t.replace("bump coredns", "bump\u0000coredns"), /message contains a NUL byte/],
  ["a NUL in a flow's account id (Athena CSV)", "lib/parsers/fixtures/athena.csv", "flow-csv", (t: string) => t.replace('"111122223333"', '"1111\u00002222"'), /account\w* contains a NUL byte/i],
  ["a NUL in a tcpdump text line", "lib/parsers/capture/fixtures/dns-lo.pcap.tcpdump-tt.txt", "tcpdump-text", (t: string) => t.replace("fast-1.test", "fast\u0000-1.test"), /line 1: .*NUL|NUL byte in the line/],
  ["a NaN DNS id in tshark fields", "lib/parsers/capture/fixtures/dns-lo.pcap.tshark.csv", "tshark-fields", (t: string) => t.replace(/"0x[0-9a-f]+"/, '"NaN"'), /dns\.id NaN is not an integer/],
])("%s", (_name, fixture, kind, mutate, reason) => {
  it("sets that record aside with the reason and keeps the rest", async () => {
    const original = readFileSync(path.resolve(import.meta.dirname, "../..", fixture), "utf8");
    const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-unstorable-"));
    const file = path.join(dir, path.basename(fixture));
    writeFileSync(file, mutate(original));
    const res = await uploadFiles(await newIncident(`unstorable ${kind}`), [file]);
    expect(res.status).toBe(201);
    const [upload] = res.data.uploads;
    expect(upload).toMatchObject({ kind, status: "ready" });
    expect(upload.rowsRejected).toBeGreaterThanOrEqual(1);
    expect((upload.errors as Array<{ message: string }>).map((e) => e.message).join("\n")).toMatch(reason);
  });
});
