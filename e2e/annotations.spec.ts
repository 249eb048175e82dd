// Annotations people can work with: the text stays on the panel when there is room, an annotation
// may be scoped to some panels, and its edges are dragged to change its range.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { CaptureBuilder, S, steadyDns } from "../lib/samples/scenarios/capture-builder";
import { writeFlowLogFile } from "../lib/samples/scenarios/evidence-writers";
import { dragAcross, watchConsole } from "./helpers";

const T0 = 1_730_000_000;
const MS = (s: number) => (T0 + s) * 1000;

async function evidence(): Promise<Array<{ name: string; mimeType: string; buffer: Buffer }>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-notes-"));
  const flows = path.join(dir, "flows.log");
  await writeFlowLogFile(flows, { rows: 1200, startSec: T0, seed: 4, flowsPerSec: 2 });
  const b = new CaptureBuilder();
  steadyDns(b, { startS: T0, seconds: 600, qps: 2, server: "10.0.0.53", seed: 4 });
  for (let s = 0; s < 600; s += 5) b.connect((T0 + s) * S, "10.1.0.9", "10.0.42.17", 8080);
  const pcap = b.write(path.join(dir, "node.pcap"));
  return [flows, pcap].map((f) => ({ name: path.basename(f), mimeType: "application/octet-stream", buffer: readFileSync(f) }));
}

/** Where time t is on screen on a panel's first chart, in the annotations' strip at its top. */
async function xOf(page: Page, panelId: string, t: number) {
  const overlay = page.getByTestId(`panel-${panelId}`).getByTestId("chart-overlay").first();
  const box = (await overlay.boundingBox())!;
  return { x: box.x + ((t - MS(0)) / (MS(600) - MS(0))) * box.width, y: box.y + 8 };
}

test("an annotation's text is on its panels, its scope is kept, and dragging an edge changes its range", async ({ page, request }) => {
  const problems = watchConsole(page);
  const incident = await (await request.post("/api/incidents", { data: { title: `annotations ${Date.now()}` } })).json();
  const up = await request.post(`/api/incidents/${incident.id}/uploads`, { multipart: Object.fromEntries((await evidence()).map((f, i) => [`file${i}`, f])) });
  expect(up.status(), await up.text()).toBe(201);
  const api = (p: string) => `/api/incidents/${incident.id}/annotations${p}`;
  const scoped = await (await request.post(api(""), { data: { from: MS(100), to: MS(200), text: "**SYN burst** from the rollout of checkout v42", panel: "flows", panels: ["flows"] } })).json();
  const everywhere = await (await request.post(api(""), { data: { from: MS(300), to: MS(420), text: "rollout window" } })).json();

  await page.goto(`/incidents/${incident.id}?from=${MS(0)}&to=${MS(600)}`);
  await page.context().addCookies([{ name: "hindsight_name", value: "Eve", url: new URL(page.url()).origin }]);
  const flows = page.getByTestId("panel-flows");
  const dns = page.getByTestId("panel-dns");
  await expect(flows.locator(`[data-annotation-id="${scoped.id}"]`).first()).toBeAttached();
  // Readable without hovering: the headline is drawn on the span.
  await expect(flows.getByTestId("annotation-label").filter({ hasText: "SYN burst" }).first()).toBeVisible();
  // Scoped to the flows panel: not on the DNS panel; the other one is on both.
  await expect(dns.locator(`[data-annotation-id="${scoped.id}"]`)).toHaveCount(0);
  await expect(dns.locator(`[data-annotation-id="${everywhere.id}"]`).first()).toBeAttached();
  await expect(dns.getByTestId("annotation-label").filter({ hasText: "rollout window" }).first()).toBeVisible();

  // Drag the end of the scoped annotation from 200 s to about 260 s.
  const edge = flows.locator(`[data-testid="annotation-edge"][data-annotation-id="${scoped.id}"][data-edge="to"]`).first();
  await expect(edge).toBeAttached();
  const from = await xOf(page, "flows", MS(200));
  const to = await xOf(page, "flows", MS(260));
  const saved = page.waitForResponse((r) => r.url().endsWith(`/annotations/${scoped.id}`) && r.request().method() === "PATCH");
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await expect(flows.getByTestId("annotation-resize")).toBeVisible();
  await page.mouse.up();
  expect((await saved).status()).toBe(200);
  const after = (await (await request.get(api(""))).json()).annotations.find((a: { id: string }) => a.id === scoped.id);
  expect(after.from).toBe(MS(100));
  expect(Math.abs(after.to - MS(260))).toBeLessThan(3_000);
  expect(after.panels).toEqual(["flows"]);

  // A new annotation made on the DNS panel, for that panel only.
  await dragAcross(page, "dns", 0.85, 0.95, ["Shift"]);
  const form = page.getByTestId("annotate-form");
  await form.getByLabel("Annotation text (markdown)").fill("resolver answers slow down");
  await form.getByLabel(/Show on this panel only/).check();
  const created = page.waitForResponse((r) => r.url().endsWith("/annotations") && r.request().method() === "POST");
  await form.getByRole("button", { name: "Add annotation" }).click();
  const note = await (await created).json();
  expect(note.panels).toEqual(["dns"]);
  await expect(dns.locator(`[data-annotation-id="${note.id}"]`).first()).toBeAttached();
  await expect(flows.locator(`[data-annotation-id="${note.id}"]`)).toHaveCount(0);
  await page.screenshot({ path: path.join(process.env.HINDSIGHT_SCREENSHOTS ?? "test-results/story", "10-annotations.png") });

  // Below the strip, a drag starting on an annotation's edge zooms, as anywhere else.
  await flows.getByTestId("chart-overlay").first().scrollIntoViewIfNeeded();
  const edgeX = (await xOf(page, "flows", MS(100))).x;
  const box = (await flows.getByTestId("chart-overlay").first().boundingBox())!;
  await page.mouse.move(edgeX, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(edgeX + 150, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => new URL(page.url()).searchParams.get("from")).not.toBe(String(MS(0)));
  const still = (await (await request.get(api(""))).json()).annotations.find((a: { id: string }) => a.id === scoped.id);
  expect(still.from).toBe(MS(100));
  expect(problems).toEqual([]);
});
