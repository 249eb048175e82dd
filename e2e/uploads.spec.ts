// The upload panel sends a drop of several files as ONE request, so the server reads rotated
// captures as one timeline: a DNS query at the end of one file is matched with its answer at the
// start of the next. Per-file progress (bytes, then the server's work) and per-file results are
// followed in the page; a request refused as a whole is shown on every file. Screenshots land in
// test-results/uploads, or wherever HINDSIGHT_SCREENSHOTS points.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page, type Request } from "@playwright/test";
import { writeVpcFlowLog } from "../lib/samples/write-vpc-flow-log";
import { watchConsole } from "./helpers";

const SHOTS = process.env.HINDSIGHT_SCREENSHOTS ?? "test-results/uploads";
// dns-lo.pcap cut with editcap between the query of slow-1.test and its answer (e2e/fixtures/README.md).
const ROTATED = ["dns-rotated-1.pcap", "dns-rotated-2.pcap"].map((f) => path.join(import.meta.dirname, "fixtures", f));
const SECOND = 1_795_240_200_000; // the second of slow-1's query, in epoch ms
const SLOW_1_MS = 250.996; // tshark's dns.time for the pair, on the uncut capture

async function newIncident(api: APIRequestContext, title: string): Promise<string> {
  const res = await api.post("/api/incidents", { data: { title: `${title} ${Date.now()}` } });
  expect(res.status()).toBe(201);
  return (await res.json()).id;
}

/** The POSTs of the page to the incident's upload endpoint. */
function uploadPosts(page: Page, incidentId: string): Request[] {
  const posts: Request[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === `/api/incidents/${incidentId}/uploads`) posts.push(r);
  });
  return posts;
}

/** The DNS series of the query's second at 1 s steps: counts and max latency (ms). */
async function dnsSecond(api: APIRequestContext, incidentId: string) {
  const res = await api.get(`/api/incidents/${incidentId}/series/dns?step=1s&from=${SECOND}&to=${SECOND + 6000}`);
  expect(res.status()).toBe(200);
  const { series } = (await res.json()) as { series: Array<{ key: string; points: Array<[number, number | null]> }> };
  const at = (key: string) => new Map(series.find((s) => s.key === key)!.points).get(SECOND);
  return { queries: at("queries"), answered: at("answered"), unanswered: at("unanswered"), max: at("max") };
}

test("two rotated captures dropped together go in one request; the query in the first is matched with its answer in the second", async ({ page, request }) => {
  const problems = watchConsole(page);
  const id = await newIncident(request, "Rotated captures");
  await page.goto(`/incidents/${id}`);
  const posts = uploadPosts(page, id);

  await page.getByTestId("upload-input").setInputFiles(ROTATED);

  const batch = page.getByTestId("upload-batch");
  await expect(batch.getByTestId("batch-summary")).toHaveText("2 ready", { timeout: 30_000 });
  const files = batch.getByTestId("transfer");
  await expect(files).toHaveCount(2);
  await expect(files.nth(0)).toContainText("dns-rotated-1.pcap");
  await expect(files.nth(0).getByTestId("transfer-result")).toHaveText("pcap: 11 rows");
  await expect(files.nth(1)).toContainText("dns-rotated-2.pcap");
  await expect(files.nth(1).getByTestId("transfer-result")).toHaveText("pcap: 49 rows");
  const table = page.getByRole("table", { name: "Uploaded files" });
  await expect(table.getByTestId("upload-row")).toHaveCount(2);
  await expect(table.locator(".badge-danger")).toHaveCount(0);

  // One request carried both files: not one request per file.
  expect(posts).toHaveLength(1);
  const answer = await (await posts[0]!.response())!.json();
  expect(answer.uploads.map((u: { filename: string }) => u.filename)).toEqual(["dns-rotated-1.pcap", "dns-rotated-2.pcap"]);

  // Both uploads ready; slow-1's query (file 1) answered by file 2, with its real latency.
  const uploads = (await (await request.get(`/api/incidents/${id}/uploads`)).json()).uploads as Array<{ filename: string; status: string }>;
  expect(uploads.map((u) => [u.filename, u.status]).sort()).toEqual([["dns-rotated-1.pcap", "ready"], ["dns-rotated-2.pcap", "ready"]]);
  expect(await dnsSecond(request, id)).toEqual({ queries: 8, answered: 8, unanswered: 0, max: SLOW_1_MS });

  // The DNS panel draws it.
  await page.reload();
  await expect(page.getByTestId("panel-dns").locator(".tl-series path").first()).toHaveAttribute("d", /^M/, { timeout: 30_000 });
  expect(problems).toEqual([]);
});

test("the same two files sent one request each leave the query unanswered (what the batch avoids)", async ({ request }) => {
  const id = await newIncident(request, "Rotated captures, one by one");
  for (const file of ROTATED) {
    const res = await request.post(`/api/incidents/${id}/uploads`, {
      multipart: { file: { name: path.basename(file), mimeType: "application/octet-stream", buffer: readFileSync(file) } },
    });
    expect(res.status()).toBe(201);
  }
  // slow-1's query is unanswered and its answer unmatched; the second's max is slow-3's (wholly in file 2).
  expect(await dnsSecond(request, id)).toEqual({ queries: 8, answered: 7, unanswered: 1, max: 250.937 });
});

test("a batch refused as a whole shows the server's message on every file, and nothing is stored", async ({ page, request }) => {
  const problems = watchConsole(page);
  const id = await newIncident(request, "Refused batch");
  await page.goto(`/incidents/${id}`);
  const posts = uploadPosts(page, id);

  await page.getByTestId("upload-input").setInputFiles([
    { name: "dns-rotated-1.pcap", mimeType: "application/vnd.tcpdump.pcap", buffer: readFileSync(ROTATED[0]!) },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("what we saw during the incident\n") },
  ]);

  const batch = page.getByTestId("upload-batch");
  await expect(batch.getByTestId("batch-summary")).toHaveText("nothing stored");
  const message = "Hindsight cannot read notes.txt (not a known evidence format). Nothing was stored.";
  const files = batch.getByTestId("transfer");
  await expect(files.nth(0).getByTestId("transfer-error")).toHaveText(message);
  await expect(files.nth(0)).toContainText("not stored");
  await expect(files.nth(1).getByTestId("transfer-error")).toHaveText(message);
  await expect(files.nth(1)).toContainText("unreadable");
  // Announced once, not once per file.
  await expect(page.getByRole("region", { name: "Evidence files" }).getByRole("alert")).toHaveCount(1);
  expect(posts).toHaveLength(1);
  expect((await (await request.get(`/api/incidents/${id}/uploads`)).json()).uploads).toEqual([]);
  await expect(page.getByRole("table", { name: "Uploaded files" })).toHaveCount(0);

  // Dismissed as a whole, by keyboard.
  await batch.getByRole("button", { name: "Dismiss all 2 files" }).focus();
  await page.keyboard.press("Enter");
  await expect(batch).toHaveCount(0);
  expect(problems.filter((p) => !p.includes("422"))).toEqual([]);
});

test.describe("progress", () => {
  let dir = "";
  let flows = "";
  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "hindsight-uploads-"));
    // Large enough that the server is seen working on it (the list is polled once a second).
    flows = path.join(dir, "flows.log.gz");
    await writeVpcFlowLog(flows, { version: 5, rows: 600_000, startSec: 1_795_240_000, seed: 3, flowsPerSec: 400, badLineEvery: 100_000 }, { gzip: true });
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a batch cancelled while it is sent stores nothing, and every file says so", async ({ page, request }) => {
    const id = await newIncident(request, "Cancelled batch");
    await page.goto(`/incidents/${id}`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });

    await page.getByTestId("upload-input").setInputFiles([flows, ROTATED[0]!]);
    const batch = page.getByTestId("upload-batch");
    await expect(batch.getByTestId("batch-summary")).toHaveText(/^sending \d+%$/);
    await batch.getByRole("button", { name: "cancel" }).focus();
    await page.keyboard.press("Enter");
    await expect(batch.getByTestId("batch-summary")).toHaveText("nothing stored");
    await expect(batch.getByTestId("transfer-error")).toHaveText(Array(2).fill("Cancelled before every byte was sent. Nothing of this batch was stored."));
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    expect((await (await request.get(`/api/incidents/${id}/uploads`)).json()).uploads).toEqual([]);
  });

  test("while a batch is sent, each file shows its own bytes; then the server's phase and each file's result", async ({ page, request }) => {
    const problems = watchConsole(page);
    const id = await newIncident(request, "Batch progress");
    await page.goto(`/incidents/${id}`);
    const posts = uploadPosts(page, id);
    // A slow uplink, so the request is seen in flight: the flow log goes first in the body.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 3 * 1024 * 1024 });

    await page.getByTestId("upload-input").setInputFiles([flows, ...ROTATED]);
    const batch = page.getByTestId("upload-batch");
    const files = batch.getByTestId("transfer");
    await expect(files).toHaveCount(3);
    const bar = (i: number) => files.nth(i).getByRole("progressbar");
    await expect.poll(async () => Number(await bar(0).getAttribute("aria-valuenow")), { timeout: 20_000 }).toBeGreaterThan(20);
    await expect(batch.getByTestId("batch-summary")).toHaveText(/^sending \d+%$/);
    // Mid-way through the first file, the captures after it in the body have not started.
    await expect(files.nth(0)).toHaveAttribute("data-state", "sending");
    await expect(files.nth(1)).toHaveAttribute("data-state", "sending");
    await expect(bar(1)).toHaveAttribute("aria-valuenow", "0");
    await page.getByRole("region", { name: "Evidence files" }).screenshot({ path: path.join(SHOTS, "upload-batch-sending.png") });

    // Then the server's work, file by file: the flow log is read first, the captures wait for it.
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(files.nth(0)).toHaveAttribute("data-state", "ingesting", { timeout: 60_000 });
    await expect(files.nth(0)).toContainText(/parsing · [\d,]+ rows/);
    await expect(files.nth(1)).toHaveAttribute("data-state", "waiting");
    await expect(files.nth(2)).toContainText("queued");
    await page.getByRole("region", { name: "Evidence files" }).screenshot({ path: path.join(SHOTS, "upload-batch-ingesting.png") });

    // Each file's result: rows and rejected lines for the flow log, rows for the captures.
    await expect(batch.getByTestId("batch-summary")).toHaveText("3 ready", { timeout: 60_000 });
    await expect(files.nth(0).getByTestId("transfer-result")).toContainText(/^aws-vpc-flow: [\d,]+ rows · 6 rejected/);
    await expect(files.nth(1).getByTestId("transfer-result")).toHaveText("pcap: 11 rows");
    await expect(files.nth(2).getByTestId("transfer-result")).toHaveText("pcap: 49 rows");
    expect(posts).toHaveLength(1);
    const table = page.getByRole("table", { name: "Uploaded files" });
    await expect(table.getByTestId("upload-row")).toHaveCount(3);
    await expect(table.locator(".badge")).toHaveText(["aws-vpc-flow", "pcap", "pcap"]); // kinds only: no status badge left
    await page.getByRole("region", { name: "Evidence files" }).screenshot({ path: path.join(SHOTS, "upload-batch-done.png") });
    expect(problems).toEqual([]);
  });
});
