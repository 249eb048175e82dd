// Flow logs through the real upload route into a real PostgreSQL, read back through the series
// API, compared with the generator's independent truth.
import { mkdtempSync, openAsBlob, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as seriesRoute from "@/app/api/incidents/[id]/series/[kind]/route";
import * as uploads from "@/app/api/incidents/[id]/uploads/route";
import * as ticketUploads from "@/app/api/tickets/[key]/uploads/route";
import * as uploadRoute from "@/app/api/uploads/[id]/route";
import { db } from "@/lib/db";
import { tablesOf } from "@/lib/evidence/catalogue";
import { AWS_FLOW_FIELDS } from "@/lib/flows/aws-flow-fields";
import { STANDARD_LAYOUTS } from "@/lib/parsers/vpc-layouts";
import { flagClass } from "@/lib/flows/flag-class";
import { writeVpcFlowLog } from "@/lib/samples/write-vpc-flow-log";
import { generateVpcFlowLog, type VpcFlowTruth } from "@/lib/samples/vpc-flow-log";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-flows-"));

/** An upload whose body is a stream without a declared length (so its file is checked on its first bytes), fields first. */
function streamedUpload(incidentId: string, content: Uint8Array, fields: Record<string, string>) {
  const boundary = "----hindsight-flows";
  const enc = new TextEncoder();
  const parts = [
    ...Object.entries(fields).map(([k, v]) => enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
    enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="flows.log"\r\nContent-Type: text/plain\r\n\r\n`),
    content,
    enc.encode(`\r\n--${boundary}--\r\n`),
  ];
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = parts.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  return call(uploads.POST, {
    method: "POST", path: `/api/incidents/${incidentId}/uploads`, params: { id: incidentId },
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body,
  });
}

/** A multipart request for POST /api/tickets/:key/uploads. */
async function multipart(key: string, file: string, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", await openAsBlob(file), path.basename(file));
  const body = new Response(form);
  return {
    method: "POST", params: { key }, headers: { "content-type": body.headers.get("content-type")! }, body: body.body as unknown as BodyInit,
  };
}
const START = 1_718_000_040; // 2024-06-10T06:14:00Z
const STORM_IP = "10.0.42.17";

async function flowSeries(incidentId: string, query: string) {
  const res = await call(seriesRoute.GET, { path: `/api/incidents/${incidentId}/series/flows?${query}`, params: { id: incidentId, kind: "flows" } });
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  return res.data as { from: number; to: number; step: number; series: Array<{ key: string; points: Array<[number, number]> }> };
}

/** Series points as minute → key → value, dropping empty buckets. */
function byMinute(data: Awaited<ReturnType<typeof flowSeries>>) {
  const out = new Map<number, Record<string, number>>();
  for (const s of data.series) {
    for (const [t, v] of s.points) {
      if (!v) continue;
      const row = out.get(t) ?? {};
      row[s.key] = v;
      out.set(t, row);
    }
  }
  return out;
}

function truthByMinute(truth: VpcFlowTruth, group: "flag" | "action" | "direction", metric: "flows" | "packets" | "bytes") {
  const out = new Map<number, Record<string, number>>();
  for (const [minute, m] of truth.minutes) {
    const row: Record<string, number> = {};
    for (const [key, tally] of Object.entries(m[group] ?? {})) if (tally[metric]) row[key] = tally[metric];
    if (Object.keys(row).length) out.set(minute, row);
  }
  return out;
}

/**
 * A headerless v5 log in the "all fields" order (29 fields, as AWS writes it to CloudWatch or S3
 * without the header line): the generator's records moved into place, `-` where it has no value.
 */
function writeAllFieldsV5(file: string) {
  const { lines, truth, fields } = generateVpcFlowLog({ version: 5, rows: 12_000, startSec: START, seed: 21, header: false, nodataEvery: 250 });
  const order = STANDARD_LAYOUTS.find((l) => l.name === "v5 all fields")!.fields;
  const out = [...lines].map((line) => {
    const values = line.split(" ");
    return order.map((f) => (fields.includes(f as never) ? values[fields.indexOf(f as never)]! : f === "account-id" ? "111122223333" : "-")).join(" ");
  });
  writeFileSync(file, `${out.join("\n")}\n`);
  return { file, truth, formatString: order.map((f) => `\${${f}}`).join(" ") };
}

describe("flow log uploads", () => {
  let v5: { file: string; truth: VpcFlowTruth };
  let v2gz: { file: string; truth: VpcFlowTruth };
  let allFields: ReturnType<typeof writeAllFieldsV5>;

  beforeAll(async () => {
    const v5file = path.join(dir, "flows-v5.log");
    v5 = {
      file: v5file,
      truth: await writeVpcFlowLog(v5file, {
        version: 5, rows: 40_000, startSec: START, seed: 7, badLineEvery: 100, nodataEvery: 499,
        storm: { dst: STORM_IP, fromSec: START + 30, toSec: START + 60, synsPerSec: 300 },
      }),
    };
    const v2file = path.join(dir, "flows-v2.log.gz");
    v2gz = { file: v2file, truth: await writeVpcFlowLog(v2file, { version: 2, rows: 20_000, startSec: START, seed: 3 }, { gzip: true }) };
    allFields = writeAllFieldsV5(path.join(dir, "flows-v5-all-fields.log"));
  });

  it("ingests a v5 log with 1% bad lines: per-minute counts by flag, action and direction equal the truth", async () => {
    const incident = await newIncident("v5");
    const res = await uploadFiles(incident, [v5.file], { source: "https://tickets.example/OPS-1" });
    expect(res.status).toBe(201);
    const [upload] = res.data.uploads;
    expect(upload).toMatchObject({ kind: "aws-vpc-flow", status: "ready", duplicate: false, source: "https://tickets.example/OPS-1" });
    // NODATA/SKIPDATA windows are gaps, not rows.
    expect(upload.rowsParsed).toBe(v5.truth.flows);
    expect(upload.gaps).toBe(v5.truth.gaps);
    expect(v5.truth.gaps).toBeGreaterThanOrEqual(80);
    expect(upload.rowsRejected).toBe(v5.truth.badLines);
    expect(v5.truth.badLines).toBeGreaterThanOrEqual(390);
    expect(upload.errors.length).toBeGreaterThan(0);
    const lines = readFileSync(v5.file, "utf8").split("\n");
    for (const e of upload.errors) {
      expect(e.message).toMatch(/\S/);
      // The reported line really is a bad one: not a well-formed 18-field record.
      expect(lines[e.line - 1]).toBeDefined();
    }

    for (const group of ["flag", "action", "direction"] as const) {
      for (const metric of ["flows", "packets", "bytes"] as const) {
        const data = await flowSeries(incident, `step=1m&groupBy=${group}&metric=${metric}`);
        expect(byMinute(data), `${group}/${metric}`).toEqual(truthByMinute(v5.truth, group, metric));
      }
    }
  });

  it("ingests a gzip v2 log (no header fields beyond v2): every flow is flag class none", async () => {
    const incident = await newIncident("v2");
    const res = await uploadFiles(incident, [v2gz.file]);
    expect(res.status).toBe(201);
    expect(res.data.uploads[0]).toMatchObject({ status: "ready", rowsParsed: v2gz.truth.flows, gaps: 0, rowsRejected: 0, fields: null });
    const data = await flowSeries(incident, "step=1m&groupBy=flag");
    expect(byMinute(data)).toEqual(truthByMinute(v2gz.truth, "flag", "flows"));
    expect(data.series.map((s) => s.key)).toEqual(["syn", "synack", "rst", "fin", "other", "none"]);
  });

  it("ingests a headerless all-fields v5 log: the layout is detected, and `fields` gives the same", async () => {
    const detected = await uploadFiles(await newIncident("v5 all fields"), [allFields.file]);
    expect(detected.status).toBe(201);
    const [upload] = detected.data.uploads;
    expect(upload).toMatchObject({
      kind: "aws-vpc-flow", status: "ready", rowsParsed: allFields.truth.flows, gaps: allFields.truth.gaps, rowsRejected: 0, errors: [], fields: null,
    });
    expect(allFields.truth.gaps).toBe(48);
    const series = await flowSeries(upload.incidentId, "step=1m&groupBy=direction");
    expect(byMinute(series)).toEqual(truthByMinute(allFields.truth, "direction", "flows"));

    const incident = await newIncident("v5 all fields, given");
    const given = await uploadFiles(incident, [allFields.file], { fields: allFields.formatString });
    expect(given.status).toBe(201);
    expect(given.data.uploads[0]).toMatchObject({ status: "ready", rowsParsed: allFields.truth.flows, gaps: allFields.truth.gaps, rowsRejected: 0 });
    expect(given.data.uploads[0].fields).toEqual(STANDARD_LAYOUTS.find((l) => l.name === "v5 all fields")!.fields);
    expect(byMinute(await flowSeries(incident, "step=1m&groupBy=flag"))).toEqual(truthByMinute(allFields.truth, "flag", "flows"));
  });

  it("refuses a headerless custom layout without `fields`, saying which layouts it tried, and reads it with them", async () => {
    const { lines, truth, fields } = generateVpcFlowLog({ version: 5, rows: 3_000, startSec: START, seed: 5, header: false });
    const file = path.join(dir, "flows-custom-headerless.log");
    writeFileSync(file, `${[...lines].join("\n")}\n`);
    const incident = await newIncident("custom headerless");
    const refused = await uploadFiles(incident, [file]);
    expect(refused.status).toBe(422);
    expect(refused.data.error.code).toBe("unsupported_format");
    expect(refused.data.error.details.files[0].reason).toMatch(/^a headerless record with 18 fields and version 5 fits none of the standard layouts \(tried: v2 default \(14 fields, version 2\), .*\); send the flow log's format as the "fields" form field$/);
    expect(await db.prisma.upload.count({ where: { incidentId: incident } })).toBe(0);

    const read = await uploadFiles(incident, [file], { fields: fields.join(",") });
    expect(read.status).toBe(201);
    expect(read.data.uploads[0]).toMatchObject({ status: "ready", rowsParsed: truth.flows, rowsRejected: 0, fields: [...fields] });
    // Read again for a new clock, in the same layout.
    const id = read.data.uploads[0].id as string;
    const shifted = await call(uploadRoute.PATCH, { method: "PATCH", path: `/api/uploads/${id}`, params: { id }, json: { clockOffsetMs: 60_000 } });
    expect(shifted.status, JSON.stringify(shifted.data)).toBe(200);
    expect(shifted.data).toMatchObject({ status: "ready", rowsParsed: truth.flows, rowsRejected: 0, clockOffsetMs: 60_000, fields: [...fields] });

    // The ticket endpoint takes the same field.
    const ticket = await call(ticketUploads.POST, await multipart(`OPS-FIELDS-${Date.now()}`, file, { fields: fields.map((f) => `\${${f}}`).join(" ") }));
    expect(ticket.status).toBe(201);
    expect(ticket.data.uploads[0]).toMatchObject({ status: "ready", rowsParsed: truth.flows });
  });

  it("checks a body of unknown length on its first bytes with the `fields` sent before the file", async () => {
    const { lines, truth, fields } = generateVpcFlowLog({ version: 5, rows: 2_000, startSec: START, seed: 8, header: false });
    const content = new TextEncoder().encode(`${[...lines].join("\n")}\n`);
    const incident = await newIncident("streamed custom headerless");
    const refused = await streamedUpload(incident, content, {});
    expect(refused.status).toBe(422);
    expect(refused.data.error.details.files[0].reason).toMatch(/^a headerless record with 18 fields and version 5 fits none of the standard layouts/);
    const read = await streamedUpload(incident, content, { fields: fields.join(" ") });
    expect(read.status, JSON.stringify(read.data)).toBe(201);
    expect(read.data.uploads[0]).toMatchObject({ status: "ready", rowsParsed: truth.flows, rowsRejected: 0 });
  });

  it("answers an unknown field name in `fields` with 400 listing the known names, and stores nothing", async () => {
    const incident = await newIncident("bad fields");
    const res = await uploadFiles(incident, [allFields.file], { fields: "${version} ${source-address} ${start}" });
    expect(res.status).toBe(400);
    expect(res.data.error.code).toBe("validation_failed");
    expect(res.data.error.details).toEqual([
      { path: "fields", message: expect.stringMatching(/^fields: unknown field name: source-address\. Known field names: version account-id/), unknown: ["source-address"], known: AWS_FLOW_FIELDS },
    ]);
    expect(await db.prisma.upload.count({ where: { incidentId: incident } })).toBe(0);
    const ticket = await call(ticketUploads.POST, await multipart(`OPS-BAD-${Date.now()}`, allFields.file, { fields: "srcaddr dstaddr strat" }));
    expect(ticket.status).toBe(400);
    expect(ticket.data.error.details[0]).toMatchObject({ path: "fields", unknown: ["strat"] });
  });

  it("filters raw flows by destination CIDR and port, and buckets by the requested step", async () => {
    const incident = await newIncident("filters");
    await uploadFiles(incident, [v5.file]);
    // An independent count straight from the file: well-formed SYN-only records to the storm IP.
    const expected = readFileSync(v5.file, "utf8").split("\n").slice(1).map((l) => l.split(" ")).filter(
      (f) => f.length === 18 && flagClass(Number(f[12]), Number(f[6])) === "syn" && /^\d+$/.test(f[4]!) && /^\d+$/.test(f[5]!) && /^\d+$/.test(f[6]!) && (f[3] === STORM_IP || f[14] === STORM_IP),
    ).length;
    expect(expected).toBeGreaterThanOrEqual(v5.truth.stormFlows);
    const storm = await flowSeries(incident, `step=10s&dst=${STORM_IP}/32`);
    const syn = storm.series.find((s) => s.key === "syn")!;
    expect(syn.points.reduce((a, [, v]) => a + v, 0)).toBe(expected);
    const port = await flowSeries(incident, `step=10s&dst=${STORM_IP}&port=8080`);
    expect(port.series.find((s) => s.key === "syn")!.points.reduce((a, [, v]) => a + v, 0)).toBeGreaterThanOrEqual(v5.truth.stormFlows);
    expect(storm.step).toBe(10_000);
    expect(storm.from % 10_000).toBe(0);
    const bad = await call(seriesRoute.GET, { path: `/api/incidents/${incident}/series/flows?dst=not-an-ip`, params: { id: incident, kind: "flows" } });
    expect(bad.status).toBe(400);
    expect(bad.data.error.details[0].path).toBe("dst");
    const tooMany = await call(seriesRoute.GET, { path: `/api/incidents/${incident}/series/flows?from=0&to=86400000000&step=1s`, params: { id: incident, kind: "flows" } });
    expect(tooMany.status).toBe(400);
  });

  it("reports the same file uploaded twice as a duplicate and does not count it twice", async () => {
    const incident = await newIncident("dup");
    const first = await uploadFiles(incident, [v2gz.file]);
    const second = await uploadFiles(incident, [v2gz.file]);
    expect(second.status).toBe(201);
    expect(second.data.uploads[0]).toMatchObject({ duplicate: true, id: first.data.uploads[0].id });
    const data = await flowSeries(incident, "step=1m&groupBy=flag");
    expect(byMinute(data)).toEqual(truthByMinute(v2gz.truth, "flag", "flows"));
  });

  it("answers a garbage file with 422 and stores nothing", async () => {
    const incident = await newIncident("garbage");
    const junk = path.join(dir, "junk.bin");
    writeFileSync(junk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const res = await uploadFiles(incident, [junk, v2gz.file]);
    expect(res.status).toBe(422);
    expect(res.data.error.code).toBe("unsupported_format");
    expect(res.data.error.message).toContain("junk.bin");
    const count = await db.prisma.upload.count({ where: { incidentId: incident } });
    expect(count).toBe(0);
  });

  it("keeps what precedes the break in a truncated gzip and says so", async () => {
    const incident = await newIncident("truncated");
    const whole = readFileSync(v2gz.file);
    const cut = path.join(dir, "cut.log.gz");
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const res = await uploadFiles(incident, [cut]);
    expect(res.status).toBe(201);
    const [u] = res.data.uploads;
    expect(u.status).toBe("ready");
    expect(u.rowsParsed).toBeGreaterThan(v2gz.truth.flows * 0.4);
    expect(u.rowsParsed).toBeLessThan(v2gz.truth.flows);
    expect(u.errors[0].message).toMatch(/gzip stream ends early/);
  });

  it("deletes an upload with every row derived from it", async () => {
    const incident = await newIncident("delete");
    const res = await uploadFiles(incident, [v2gz.file]);
    const id = res.data.uploads[0].id as string;
    const before = await db.pool.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE $1`, [`%_u${id.replace(/-/g, "")}`]);
    expect(before.rows[0].n).toBe(tablesOf("flows").length);
    expect((await call(uploadRoute.DELETE, { method: "DELETE", params: { id } })).status).toBe(204);
    expect((await call(uploadRoute.GET, { params: { id } })).status).toBe(404);
    const after = await db.pool.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE $1`, [`%_u${id.replace(/-/g, "")}`]);
    expect(after.rows[0].n).toBe(0);
    const data = await flowSeries(incident, `step=1m&from=${START * 1000}&to=${(START + 600) * 1000}`);
    expect(data.series.every((s) => s.points.every(([, v]) => v === 0))).toBe(true);
  });
});
