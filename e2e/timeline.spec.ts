// The incident timeline against the real app: a generated VPC flow log (with a SYN storm) is
// uploaded through the API, then the page is driven like a person would — drag to zoom, back,
// reload, hover, keyboard, add panels, export.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { generateDnsCapture } from "../lib/samples/dns-capture-scenario";
import { createCaptureFileWriter } from "../lib/samples/pcap-writer";
import { writeVpcFlowLog } from "../lib/samples/write-vpc-flow-log";
import { domainOf, dragAcross, params, watchConsole } from "./helpers";

const START_SEC = Math.floor(Date.UTC(2026, 2, 14, 9, 0, 0) / 1000);
const MINUTES = 20;
let incidentId = "";
let evidence = { from: 0, to: 0 };

test.beforeAll(async ({ playwright }, info) => {
  const api = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
  const created = await api.post("/api/incidents", { data: { title: `Timeline e2e ${Date.now()}`, ticket: `TL-${Date.now()}` } });
  expect(created.status()).toBe(201);
  incidentId = (await created.json()).id;

  const dir = mkdtempSync(path.join(tmpdir(), "hindsight-timeline-"));
  const file = path.join(dir, "flows.log");
  const storm = { dst: "10.0.7.42", fromSec: START_SEC + 9 * 60, toSec: START_SEC + 10 * 60, synsPerSec: 150, dstPort: 8443 };
  await writeVpcFlowLog(file, { version: 5, rows: 20 * MINUTES * 60 + 150 * 60, startSec: START_SEC, seed: 11, flowsPerSec: 20, storm });
  const uploaded = await api.post(`/api/incidents/${incidentId}/uploads`, { multipart: { file: { name: "flows.log", mimeType: "text/plain", buffer: readFileSync(file) } } });
  expect(uploaded.status()).toBe(201);
  expect((await uploaded.json()).uploads[0].status).toBe("ready");
  rmSync(dir, { recursive: true, force: true });

  const summary = await (await api.get(`/api/incidents/${incidentId}/evidence`)).json();
  evidence = summary.range;
  await api.dispose();
});

test("a new incident says what to upload, and each empty panel says what it needs", async ({ page, request }) => {
  const problems = watchConsole(page);
  const id = (await (await request.post("/api/incidents", { data: { title: `Empty timeline ${Date.now()}` } })).json()).id;
  await page.goto(`/incidents/${id}`);
  await expect(page.getByTestId("timeline-empty")).toContainText("No evidence on the timeline yet");

  await page.goto(`/incidents/${id}?panels=flows,packets,dns,metric`);
  await expect(page.getByTestId("panel-flows")).toContainText("Upload VPC flow logs");
  await expect(page.getByTestId("panel-packets")).toContainText("packet capture");
  await expect(page.getByTestId("panel-dns")).toContainText("DNS");
  await expect(page.getByTestId("panel-metric")).toContainText("metric export");
  expect(problems).toEqual([]);
});

test("drag to zoom moves every panel; back, forward and reload restore the view", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/incidents/${incidentId}`);
  // Panels come from the evidence present: flows only.
  await expect(page.getByTestId("panel-flows").getByTestId("chart")).toBeVisible();
  await expect(page.getByTestId("panel-flows")).toContainText("flows per");
  expect(await domainOf(page, "flows")).toEqual(evidence);

  // A second panel, grouped by direction.
  await page.getByTestId("add-panel").click();
  await page.getByRole("menuitem", { name: /Flows by TCP flag/ }).click();
  await page.getByTestId("panel-flows-2").getByLabel("Group by").selectOption("direction");
  await expect(page.getByTestId("panel-flows-2")).toContainText("Flows by direction");
  await expect(page.getByTestId("panel-flows-2").getByRole("button", { name: "ingress" })).toBeVisible();
  expect(params(page).get("panels")).toBe("flows,flows-2");

  await dragAcross(page, "flows", 0.3, 0.6);
  await expect.poll(() => params(page).get("from")).not.toBeNull();
  const zoomed = { from: Number(params(page).get("from")), to: Number(params(page).get("to")) };
  const span = evidence.to - evidence.from;
  expect(zoomed.from).toBeGreaterThan(evidence.from + span * 0.25);
  expect(zoomed.to).toBeLessThan(evidence.from + span * 0.65);
  for (const id of ["flows", "flows-2"]) await expect.poll(() => domainOf(page, id)).toEqual(zoomed);

  await page.goBack();
  await expect.poll(() => params(page).get("from")).toBeNull();
  for (const id of ["flows", "flows-2"]) await expect.poll(() => domainOf(page, id)).toEqual(evidence);
  expect(params(page).get("flows-2.group")).toBe("direction");

  await page.goForward();
  await expect.poll(() => Number(params(page).get("from"))).toBe(zoomed.from);
  await expect.poll(() => domainOf(page, "flows-2")).toEqual(zoomed);

  await page.reload();
  await expect(page.getByTestId("panel-flows-2")).toContainText("Flows by direction");
  for (const id of ["flows", "flows-2"]) await expect.poll(() => domainOf(page, id)).toEqual(zoomed);

  // The layout is remembered for the incident: a bare link opens with both panels.
  await page.goto(`/incidents/${incidentId}`);
  await expect(page.getByTestId("panel-flows-2")).toContainText("Flows by direction");
  expect(problems).toEqual([]);
});

test("hovering one panel shows the crosshair and tooltip for the same time on all of them", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/incidents/${incidentId}?panels=flows,flows-2&flows-2.group=action`);
  await expect(page.getByTestId("panel-flows-2").getByTestId("chart")).toBeVisible();
  const box = (await page.getByTestId("panel-flows-2").getByTestId("chart-overlay").boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.47, box.y + box.height * 0.5);

  const tooltips = page.getByTestId("chart-tooltip");
  await expect(tooltips).toHaveCount(2);
  const [a, b] = await Promise.all([tooltips.nth(0).getAttribute("data-t"), tooltips.nth(1).getAttribute("data-t")]);
  expect(a).toBeTruthy();
  expect(a).toBe(b);
  await expect(tooltips.nth(0)).toContainText("SYN");
  await expect(tooltips.nth(1)).toContainText("ACCEPT");

  // The crosshairs sit at the same x: every plot shares one left edge and width.
  const xs = await page.locator(".tl-panel [data-testid=crosshair]").evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
  expect(xs.length).toBe(2);
  expect(Math.abs(xs[0]! - xs[1]!)).toBeLessThanOrEqual(1);
  expect(problems).toEqual([]);
});

test("keyboard and buttons zoom and pan; reset returns to the whole evidence", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/incidents/${incidentId}?panels=flows`);
  await expect(page.getByTestId("panel-flows").getByTestId("chart")).toBeVisible();
  const span = evidence.to - evidence.from;

  await page.keyboard.press("+");
  await expect.poll(() => params(page).get("to")).not.toBeNull();
  const z = { from: Number(params(page).get("from")), to: Number(params(page).get("to")) };
  expect(Math.abs(z.to - z.from - span / 2)).toBeLessThanOrEqual(1000);

  await page.keyboard.press("ArrowLeft");
  await expect.poll(() => Number(params(page).get("from"))).toBeLessThan(z.from);

  await page.getByRole("button", { name: "Zoom in" }).click();
  await expect.poll(() => Number(params(page).get("to")) - Number(params(page).get("from"))).toBeLessThan((z.to - z.from) * 0.6);

  await page.getByRole("button", { name: "Reset" }).click();
  await expect.poll(() => params(page).get("from")).toBeNull();
  await expect.poll(() => domainOf(page, "flows")).toEqual(evidence);

  await page.goBack();
  await expect.poll(() => params(page).get("from")).not.toBeNull();
  expect(problems).toEqual([]);
});

test("typed ranges, UTC/local, collapse, CSV export", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/incidents/${incidentId}?panels=flows`);
  await expect(page.getByTestId("panel-flows").getByTestId("chart")).toBeVisible();

  await page.getByLabel("From", { exact: true }).fill("2026-03-14T09:05:00Z");
  await page.getByLabel("To", { exact: true }).fill(String(Date.UTC(2026, 2, 14, 9, 12)));
  await page.getByLabel("To", { exact: true }).press("Enter");
  await expect.poll(() => params(page).get("from")).toBe(String(Date.UTC(2026, 2, 14, 9, 5)));
  expect(params(page).get("to")).toBe(String(Date.UTC(2026, 2, 14, 9, 12)));

  await page.getByRole("button", { name: "Local" }).click();
  await expect.poll(() => params(page).get("tz")).toBe("local");

  const download = page.waitForEvent("download");
  await page.getByTestId("panel-flows").getByRole("button", { name: "CSV" }).click();
  const csv = await download;
  const text = readFileSync(await csv.path(), "utf8");
  expect(text.split("\n")[0]).toBe("time_utc,t_ms,SYN (flows),SYN-ACK (flows),RST (flows),FIN (flows),Other flags (flows),No flags (flows)");
  expect(text.split("\n")[1]).toMatch(/^2026-03-14 09:05:00,/);

  await page.getByRole("button", { name: "Collapse Flows by TCP flag" }).click();
  await expect(page.getByTestId("panel-flows").getByTestId("chart")).toHaveCount(0);
  expect(params(page).get("flows.collapsed")).toBe("1");
  await page.reload();
  await expect(page.getByRole("button", { name: "Expand Flows by TCP flag" })).toBeVisible();
  expect(problems).toEqual([]);
});

/** A pcap with DNS traffic and a SYN storm, a metric CSV and a deploy-marker CSV, all in the flows' window. */
function otherEvidence(): Array<{ name: string; buffer: Buffer }> {
  const chunks: Buffer[] = [];
  const capture = createCaptureFileWriter({ type: "pcap", link: "ethernet" }, (c) => chunks.push(Buffer.from(c)));
  generateDnsCapture(
    {
      seed: 5, startUs: (START_SEC + 8 * 60) * 1e6, seconds: 180, qps: 10, nxdomainRate: 0.05, keepTransactions: false,
      latencyDistribution: { kind: "lognormal", medianMs: 3, sigma: 1 },
      synStorm: { startSecond: 60, seconds: 30, synsPerSecond: 20, target: "10.0.7.42", port: 8443, retransmits: 2 },
    },
    (p) => capture.write(p),
  );
  capture.end();
  const iso = (minute: number) => new Date((START_SEC + minute * 60) * 1000).toISOString();
  const metrics = ["time,metric,value,node"];
  for (let m = 0; m < MINUTES; m++) for (const node of ["a", "b"]) metrics.push(`${iso(m)},conntrack_entries,${node === "b" && m >= 9 && m < 11 ? 60000 : 13000},${node}`);
  const markers = ["time,end,label,kind", `${iso(8)},${iso(11)},"web rollout, 3 pods",deploy`, `${iso(9.5)},,pod 10.0.7.42 deleted,event`];
  return [
    { name: "dns.pcap", buffer: Buffer.concat(chunks) },
    { name: "metrics.csv", buffer: Buffer.from(metrics.join("\n") + "\n") },
    { name: "markers.csv", buffer: Buffer.from(markers.join("\n") + "\n") },
  ];
}

test("with flows, a capture, a metric export and markers, every panel shows and every marker is on every chart", async ({ page, request }) => {
  const problems = watchConsole(page);
  const id = (await (await request.post("/api/incidents", { data: { title: `All evidence ${Date.now()}` } })).json()).id;
  const dir = mkdtempSync(path.join(tmpdir(), "hindsight-timeline-"));
  const flows = path.join(dir, "flows.log");
  await writeVpcFlowLog(flows, { version: 5, rows: 10 * MINUTES * 60, startSec: START_SEC, seed: 12, flowsPerSec: 10 });
  for (const file of [{ name: "flows.log", buffer: readFileSync(flows) }, ...otherEvidence()]) {
    const res = await request.post(`/api/incidents/${id}/uploads`, { multipart: { file: { ...file, mimeType: "application/octet-stream" } } });
    expect(res.status(), file.name).toBe(201);
    expect((await res.json()).uploads[0].status, file.name).toBe("ready");
  }
  rmSync(dir, { recursive: true, force: true });

  await page.goto(`/incidents/${id}`);
  for (const panel of ["flows", "packets", "dns", "metric"]) await expect(page.getByTestId(`panel-${panel}`).getByTestId("chart").first()).toBeVisible();
  await expect(page.getByTestId("panel-metric")).toContainText("conntrack_entries");
  await expect(page.getByTestId("panel-packets").getByRole("button", { name: "SYN retransmissions" })).toBeVisible();
  await expect(page.getByTestId("lane-marker")).toHaveCount(2);

  // The rollout is a band and the deletion a line on every chart (DNS has two).
  const charts = page.getByTestId("chart");
  await expect(charts).toHaveCount(5);
  for (let i = 0; i < 5; i++) {
    await expect(charts.nth(i).locator(".recharts-reference-area")).toHaveCount(1);
    await expect(charts.nth(i).locator(".recharts-reference-line")).toHaveCount(1);
  }

  // Hovering the deletion names it in the hovered chart's tooltip.
  await page.getByTestId("panel-metric").scrollIntoViewIfNeeded();
  const box = (await page.getByTestId("panel-metric").getByTestId("chart-overlay").boundingBox())!;
  const { from, to } = await domainOf(page, "metric");
  const at = (START_SEC + 9.5 * 60) * 1000;
  await page.mouse.move(box.x + ((at - from) / (to - from)) * box.width, box.y + box.height / 2);
  await expect(page.getByTestId("panel-metric").getByTestId("tooltip-marker").filter({ hasText: "pod 10.0.7.42 deleted" })).toBeVisible();
  await expect(page.getByTestId("chart-tooltip")).toHaveCount(5);
  expect(problems).toEqual([]);
});

test.describe("wide screen", () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test("panels share one plot edge and width", async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(`/incidents/${incidentId}?panels=flows,flows-2,flows-3&flows-2.metric=packets&flows-3.group=action`);
    await expect(page.getByTestId("chart-overlay")).toHaveCount(3);
    const boxes = await page.getByTestId("chart-overlay").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [Math.round(r.left), Math.round(r.width)]));
    expect(new Set(boxes.map((b) => b.join())).size).toBe(1);
    // At 1920 px the investigation sidebar takes 380 px; the plots get the rest.
    expect(boxes[0]![1]).toBeGreaterThan(1000);
    expect(problems).toEqual([]);
  });
});
