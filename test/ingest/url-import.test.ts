// Import by URL through the real upload route, a real job queue and worker, and a real HTTP server
// on 127.0.0.1: addresses the server must not reach are refused (checked after resolving, at every
// redirect), the allow-list opens them, limits hold, and nothing is kept from a refused import.
import { createReadStream, mkdtempSync, readdirSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as uploads from "@/app/api/incidents/[id]/uploads/route";
import { db } from "@/lib/db";
import { blobRoot } from "@/lib/evidence/blob-store";
import { startIngestWorker, type IngestWorker } from "@/lib/ingest/ingest-worker";
import { stopJobQueue } from "@/lib/queue/job-queue";
import { writeVpcFlowLog } from "@/lib/samples/write-vpc-flow-log";
import type { VpcFlowTruth } from "@/lib/samples/vpc-flow-log";
import { call } from "../http";
import { newIncident } from "../uploads";
import { settledUpload } from "./queued";

process.env.HINDSIGHT_INGEST_QUEUE = `test-url-${process.pid}`;

const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-url-"));
let flows: { file: string; truth: VpcFlowTruth };
let server: http.Server;
let base = "";
let worker: IngestWorker;
const seen: Array<{ url: string; authorization?: string }> = [];

function serve(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = req.url ?? "/";
  seen.push({ url, authorization: req.headers.authorization });
  if (url.startsWith("/flows.log")) {
    res.writeHead(200, { "content-type": "text/plain", "content-length": statSync(flows.file).size });
    createReadStream(flows.file).pipe(res);
  } else if (url === "/private") {
    if (req.headers.authorization !== "Bearer s3cret") return void res.writeHead(401).end("no");
    res.writeHead(200, { "content-length": statSync(flows.file).size });
    createReadStream(flows.file).pipe(res);
  } else if (url.startsWith("/hop/")) {
    const n = Number(url.slice(5));
    res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : "/flows.log" }).end();
  } else if (url === "/to-metadata") {
    res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
  } else if (url === "/chunked") {
    res.writeHead(200, { "content-type": "text/plain" }); // no length: the limit is found as it grows
    createReadStream(flows.file).pipe(res);
  } else if (url === "/slow") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n");
    // …and nothing more, ever.
  } else res.writeHead(404).end("not here");
}

const importUrl = (incidentId: string, json: Record<string, unknown>, prefer?: string) =>
  call(uploads.POST, { method: "POST", path: `/api/incidents/${incidentId}/uploads`, params: { id: incidentId }, json, ...(prefer ? { headers: { prefer } } : {}) });

const uploadCount = (incidentId: string) => db.prisma.upload.count({ where: { incidentId } });
const tempFiles = () => {
  try {
    return readdirSync(path.join(blobRoot(), "tmp"));
  } catch {
    return [];
  }
};

beforeAll(async () => {
  const file = path.join(dir, "flows-v5.log");
  flows = { file, truth: await writeVpcFlowLog(file, { version: 5, rows: 5_000, startSec: 1_718_000_040, seed: 21, badLineEvery: 89, nodataEvery: 257 }) };
  server = http.createServer(serve);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  worker = await startIngestWorker({ pollSeconds: 0.5, watchdogMs: 500, graceMs: 3000 });
});

afterAll(async () => {
  await worker.stop();
  await stopJobQueue();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

afterEach(() => {
  delete process.env.HINDSIGHT_URL_ALLOW;
  delete process.env.HINDSIGHT_MAX_UPLOAD_BYTES;
  delete process.env.HINDSIGHT_URL_FETCH_TIMEOUT_MS;
});

describe("import by URL: what may be fetched", () => {
  it.each([
    ["loopback", () => `${base}/flows.log`, "127.0.0.1", "127.0.0.1", /loopback/],
    ["a hostname resolving to loopback", () => `http://localhost:${new URL(base).port}/flows.log`, "localhost", /^(127\.0\.0\.1|::1)$/, /loopback/],
    ["the metadata service", () => "http://169.254.169.254/latest/meta-data/", "169.254.169.254", "169.254.169.254", /link-local/],
    ["a private address", () => "http://10.20.30.40/flows.log", "10.20.30.40", "10.20.30.40", /private/],
    ["an IPv4-mapped loopback", () => `http://[::ffff:127.0.0.1]:${new URL(base).port}/flows.log`, "::ffff:7f00:1", "127.0.0.1", /loopback/],
  ])("refuses %s without the allow-list, saying why, and stores nothing", async (_what, url, host, address, reason) => {
    const incident = await newIncident("refused");
    const before = seen.length;
    const res = await importUrl(incident, { url: url() });
    expect(res.status, JSON.stringify(res.data)).toBe(400);
    expect(res.data.error.code).toBe("url_not_allowed");
    expect(res.data.error.details.host).toBe(host);
    if (typeof address === "string") expect(res.data.error.details.address).toBe(address);
    else expect(res.data.error.details.address).toMatch(address);
    expect(res.data.error.details.reason).toMatch(reason);
    expect(await uploadCount(incident)).toBe(0);
    expect(seen.length, "the server was never asked").toBe(before);
  });

  it("refuses other schemes and credentials in the URL", async () => {
    const incident = await newIncident("schemes");
    const ftp = await importUrl(incident, { url: "ftp://example.com/flows.log" });
    expect(ftp.status).toBe(400);
    expect(ftp.data.error).toMatchObject({ code: "url_not_allowed", details: { reason: expect.stringMatching(/only http and https/) } });
    const creds = await importUrl(incident, { url: "https://me:pw@example.com/x" });
    expect(creds.data.error.code).toBe("url_not_allowed");
    const headers = await importUrl(incident, { url: `${base}/flows.log`, headers: { Host: "evil" } });
    expect(headers.status).toBe(400);
    expect(headers.data.error.code).toBe("validation_failed");
    expect(await uploadCount(incident)).toBe(0);
  });

  it("fetches from an allowed address within the request: 201 with exact counts", async () => {
    process.env.HINDSIGHT_URL_ALLOW = "127.0.0.1";
    const incident = await newIncident("fetched");
    const res = await importUrl(incident, { url: `${base}/flows.log?sig=secret`, source: "OPS-9" });
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    const [u] = res.data.uploads;
    expect(u).toMatchObject({
      status: "ready", kind: "aws-vpc-flow", filename: "flows.log", url: `${base}/flows.log`, source: "OPS-9", duplicate: false,
      rowsParsed: flows.truth.flows, gaps: flows.truth.gaps, rowsRejected: flows.truth.badLines, size: statSync(flows.file).size,
    });
    // The same content again, by a multipart `url` field: a duplicate, not a second copy.
    const f = new FormData();
    f.append("url", `${base}/flows.log`);
    const body = new Response(f);
    const again = await call(uploads.POST, {
      method: "POST", path: `/api/incidents/${incident}/uploads`, params: { id: incident },
      headers: { "content-type": body.headers.get("content-type")! }, body: body.body as unknown as BodyInit,
    });
    expect(again.status, JSON.stringify(again.data)).toBe(201);
    expect(again.data.uploads[0]).toMatchObject({ id: u.id, duplicate: true });
    expect(await uploadCount(incident)).toBe(1);
  });

  it("sends the request's headers, and says what the server answered", async () => {
    process.env.HINDSIGHT_URL_ALLOW = "127.0.0.1";
    const incident = await newIncident("headers");
    const denied = await importUrl(incident, { url: `${base}/private` });
    expect(denied.status).toBe(422);
    expect(denied.data.error).toMatchObject({ code: "url_fetch_failed", details: { status: 401 } });
    const ok = await importUrl(incident, { url: `${base}/private`, headers: { Authorization: "Bearer s3cret" }, filename: "vpc.log" });
    expect(ok.status, JSON.stringify(ok.data)).toBe(201);
    expect(ok.data.uploads[0]).toMatchObject({ filename: "vpc.log", rowsParsed: flows.truth.flows });
    expect(await uploadCount(incident)).toBe(1);
  });

  it("follows up to 5 redirects, refuses a sixth, and refuses a redirect to a refused address", async () => {
    process.env.HINDSIGHT_URL_ALLOW = "127.0.0.1";
    const incident = await newIncident("redirects");
    const five = await importUrl(incident, { url: `${base}/hop/4` });
    expect(five.status, JSON.stringify(five.data)).toBe(201);
    expect(five.data.uploads[0].rowsParsed).toBe(flows.truth.flows);
    const six = await importUrl(incident, { url: `${base}/hop/5` });
    expect(six.status).toBe(422);
    expect(six.data.error).toMatchObject({ code: "url_fetch_failed", details: { maxRedirects: 5 } });

    const before = tempFiles().length;
    const metadata = await importUrl(incident, { url: `${base}/to-metadata` });
    expect(metadata.status, JSON.stringify(metadata.data)).toBe(400);
    expect(metadata.data.error).toMatchObject({ code: "url_not_allowed", details: { host: "169.254.169.254", address: "169.254.169.254" } });
    expect(await uploadCount(incident)).toBe(1);
    expect(tempFiles().length).toBe(before);
  });

  it("refuses a body over HINDSIGHT_MAX_UPLOAD_BYTES with 413, declared or not, and keeps nothing", async () => {
    process.env.HINDSIGHT_URL_ALLOW = "127.0.0.1";
    process.env.HINDSIGHT_MAX_UPLOAD_BYTES = "10000";
    const incident = await newIncident("too large");
    const before = tempFiles().length;
    for (const route of ["/flows.log", "/chunked"]) {
      const res = await importUrl(incident, { url: `${base}${route}` });
      expect(res.status, `${route}: ${JSON.stringify(res.data)}`).toBe(413);
      expect(res.data.error).toMatchObject({ code: "upload_too_large", details: { maxBytes: 10000 } });
    }
    expect(await uploadCount(incident)).toBe(0);
    expect(tempFiles().length).toBe(before);
  });

  it("gives up after HINDSIGHT_URL_FETCH_TIMEOUT_MS", async () => {
    process.env.HINDSIGHT_URL_ALLOW = "127.0.0.0/8";
    process.env.HINDSIGHT_URL_FETCH_TIMEOUT_MS = "800";
    const incident = await newIncident("slow");
    const res = await importUrl(incident, { url: `${base}/slow` });
    expect(res.status).toBe(422);
    expect(res.data.error).toMatchObject({ code: "url_fetch_failed", details: { timeoutMs: 800 } });
    expect(await uploadCount(incident)).toBe(0);
  });

  it("with Prefer: respond-async answers 202 queued, then the worker fetches and ingests it", async () => {
    process.env.HINDSIGHT_URL_ALLOW = "127.0.0.1";
    const incident = await newIncident("async url");
    const res = await importUrl(incident, { url: `${base}/flows.log`, kind: "aws-vpc-flow" }, "respond-async");
    expect(res.status, JSON.stringify(res.data)).toBe(202);
    expect(res.headers.get("preference-applied")).toBe("respond-async");
    expect(res.data.uploads[0]).toMatchObject({ status: "queued", kind: "aws-vpc-flow", url: `${base}/flows.log`, size: 0 });
    const done = await settledUpload(res.data.uploads[0].id);
    expect(done).toMatchObject({ status: "ready", rowsParsed: flows.truth.flows, gaps: flows.truth.gaps, size: statSync(flows.file).size });

    // A refusal found by the worker stays on the upload (nothing else of it is kept).
    const refused = await importUrl(incident, { url: `${base}/to-metadata` }, "respond-async");
    expect(refused.status).toBe(202);
    const failed = await settledUpload(refused.data.uploads[0].id);
    expect(failed).toMatchObject({ status: "failed", refusal: { code: "url_not_allowed", details: { address: "169.254.169.254" } } });
    expect(failed.failure).toMatch(/169\.254\.169\.254/);
  });
});
