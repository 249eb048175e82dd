// What a new user sees: `npm start` on an empty data folder (the second web server in
// playwright.config.ts) loads the "it wasn't DNS" demo incident through the upload API, with the
// team's investigation. Every panel is drawn with data, and the hypotheses, annotations, findings
// and the postmortem draft are there. The screenshot is the README's first picture.
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO } from "../lib/samples/demo/scenario";
import { domainOf, dragAcross, params, watchConsole } from "./helpers";

const demoPort = Number(process.env.E2E_DEMO_PORT ?? 3108);
const SHOTS = process.env.HINDSIGHT_SCREENSHOTS ?? "test-results/story";

test.use({ baseURL: `http://localhost:${demoPort}`, viewport: { width: 1600, height: 1000 } });

/** The demo loads in the background once the server is up; its postmortem draft is the last step. */
async function demoLoaded(request: APIRequestContext): Promise<string> {
  let id = "";
  await expect
    .poll(
      async () => {
        const found = (await (await request.get(`/api/incidents?ticket=${DEMO.ticket}`)).json()).incidents;
        id = found[0]?.id ?? "";
        if (!id) return "no incident yet";
        const pm = await request.get(`/api/incidents/${id}/postmortem`);
        return pm.ok() && (await pm.json()).revision > 0 ? "ready" : "investigation loading";
      },
      { timeout: 150_000, intervals: [1000] },
    )
    .toBe("ready");
  return id;
}

test("the first start of an empty database opens on the demo incident with every panel populated", async ({ page, request }) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  // Right after the first start the list says the demo is on its way (never "No incidents yet"),
  // and the demo incident appears in it without a reload.
  await page.goto("/");
  await expect(page.getByTestId("demo-loading").or(page.getByRole("link", { name: DEMO.title }))).toBeVisible();
  await expect(page.getByText("No incidents yet")).toHaveCount(0);
  await expect(page.getByRole("link", { name: DEMO.title })).toBeVisible({ timeout: 120_000 });

  const id = await demoLoaded(request);

  await page.goto("/");
  await page.getByRole("link", { name: DEMO.title }).click();
  await expect(page.getByTestId("incident-ticket")).toHaveText(DEMO.ticket);

  const panels = page.locator("[data-testid^='panel-'][data-panel-type]");
  await expect(panels).toHaveCount(6);
  for (const p of await panels.all()) {
    await expect(p.locator(".tl-series path").first()).toHaveAttribute("d", /^M/, { timeout: 30_000 });
    await expect(p.getByTestId("panel-empty")).toHaveCount(0);
    await expect(p.getByTestId("panel-error")).toHaveCount(0);
    await expect(p.locator(".tl-nodata")).toHaveCount(0);
  }
  await expect(page.getByTestId("markers-lane")).toContainText(/rollout prod\/checkout/);
  await expect(page.locator("[data-testid='annotation-span']").first()).toBeAttached();

  const sidebar = page.getByRole("complementary", { name: "Investigation" });
  await expect(sidebar.getByTestId("hypothesis-card")).toHaveCount(5);
  await expect(sidebar.getByTestId("hypothesis-card").filter({ hasText: "DNS is failing" }).locator(".hy-status").first()).toHaveText("Refuted");
  await expect(sidebar.getByTestId("annotation-item")).toHaveCount(7);
  await expect(sidebar.getByTestId("finding").filter({ hasText: DEMO.deletedPodIp }).first()).toBeVisible({ timeout: 60_000 });

  // The README's picture: the ten minutes around the rollout.
  await page.goto(`/incidents/${id}?from=${DEMO.t0 + 8 * 60_000}&to=${DEMO.t0 + 17 * 60_000}`);
  await expect(panels).toHaveCount(6);
  for (const p of await panels.all()) await expect(p.locator(".tl-series path").first()).toHaveAttribute("d", /^M/, { timeout: 30_000 });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(SHOTS, "00-demo-incident.png") });

  await sidebar.getByRole("link", { name: "Postmortem →" }).click();
  await expect(page.getByTestId("pm-document")).toContainText(/root cause/i);
  await expect(page.getByTestId("view-embed").first().locator("svg path").first()).toBeAttached({ timeout: 20_000 });
  expect(problems).toEqual([]);
});

test("at 1440 × 900 the demo page shows the cause first: findings on top, conntrack and the coredns rate among the panels, no marker label over another", async ({ page, request }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const id = await demoLoaded(request);
  await page.goto(`/incidents/${id}`);

  // The findings summary is on screen before any scrolling, with the most severe first.
  const summary = page.getByTestId("findings-summary");
  await expect(summary.getByTestId("summary-finding").first()).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const box = (await summary.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(900);
  await expect(summary.getByTestId("summary-finding").first()).toContainText(/critical/);

  // Timeline and investigation side by side.
  const timeline = (await page.getByRole("region", { name: "Timeline workspace" }).boundingBox())!;
  const sidebar = (await page.getByRole("complementary", { name: "Investigation" }).boundingBox())!;
  expect(sidebar.x).toBeGreaterThanOrEqual(timeline.x + timeline.width);
  expect(sidebar.y).toBeLessThan(900);

  // The default metric panels: what the findings name (conntrack), then what moved most; the
  // coredns counter is drawn as a per-second rate.
  const metricPanels = page.locator("[data-testid^='panel-'][data-panel-type='metric']");
  await expect(metricPanels).toHaveCount(3);
  const titles = await metricPanels.locator(".tl-panel-title").allInnerTexts();
  expect(titles.some((t) => /conntrack/.test(t)), titles.join(" | ")).toBe(true);
  const coredns = metricPanels.filter({ hasText: "coredns_forward_max_concurrent_rejects_total" });
  await expect(coredns.locator(".tl-panel-title")).toHaveText("rate(coredns_forward_max_concurrent_rejects_total)");
  await expect(coredns.getByLabel("Aggregate")).toHaveValue("rate");
  await expect(coredns).toContainText("per-second rate");
  await expect(coredns.locator(".tl-series path").first()).toHaveAttribute("d", /^M/, { timeout: 30_000 });

  // Marker labels: no two boxes overlap (the crowded ones are ticks below the labels).
  const labels = page.locator(".tl-marker");
  await expect(labels.first()).toBeVisible();
  const boxes = (await labels.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) as DOMRect[];
  expect(boxes.length).toBeGreaterThan(3);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
      expect(overlap, `labels ${i} and ${j} overlap: ${JSON.stringify([a, b])}`).toBe(false);
    }
  }
  await page.screenshot({ path: path.join(SHOTS, "01-demo-1440.png") });
});

test("brushing the SYN storm puts the deleted pod first among the top destinations; one click filters the flows panel, and the permalink keeps it", async ({ page, request, browser }) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  const id = await demoLoaded(request);
  await page.goto(`/incidents/${id}`);
  const flows = page.getByTestId("panel-flows");
  await expect(flows.locator(".tl-series path").first()).toHaveAttribute("d", /^M/, { timeout: 30_000 });

  // Brush the storm on the flows panel: the view zooms to it, and the top talkers follow.
  const domain = await domainOf(page, "flows");
  const at = (t: number) => (t - domain.from) / (domain.to - domain.from);
  await dragAcross(page, "flows", at(DEMO.stormFrom + 5_000), at(DEMO.stormTo - 5_000));
  await expect.poll(() => Number(params(page).get("from") ?? 0)).toBeGreaterThan(DEMO.stormFrom - 15_000);
  const zoomed = { from: Number(params(page).get("from")), to: Number(params(page).get("to")) };
  expect(zoomed.to).toBeLessThan(DEMO.stormTo + 15_000);

  const talkers = page.getByRole("region", { name: "Top talkers" });
  await expect(talkers.getByRole("tab", { name: "Flows", selected: true })).toBeVisible();
  const table = talkers.getByRole("table", { name: "Top destinations by flows" });
  const first = table.getByTestId("talker-row").first();
  await expect(first).toHaveAttribute("data-key", DEMO.deletedPodIp, { timeout: 15_000 });
  // Its share, as the API computes it for the same range.
  const api = await (await request.get(`/api/incidents/${id}/top/flows?by=dst&from=${zoomed.from}&to=${zoomed.to}&limit=10`)).json();
  expect(api.rows[0]).toMatchObject({ key: DEMO.deletedPodIp });
  expect(api.rows[0].share).toBeGreaterThan(0.5);
  await expect(first.getByTestId("talker-share")).toHaveText(`${Math.round(api.rows[0].share * 100)}%`);

  // One click: the flows panel shows only that destination, and the URL says so.
  await first.getByRole("button", { name: DEMO.deletedPodIp, exact: true }).click();
  await expect.poll(() => params(page).get("flows.dst")).toBe(DEMO.deletedPodIp);
  await expect(flows.getByRole("button", { name: "Filters (1)" })).toBeVisible();
  await expect(first.getByRole("button", { name: DEMO.deletedPodIp, exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(flows).toHaveAttribute("data-fetching", "false");
  await page.screenshot({ path: path.join(SHOTS, "08-top-talkers-filter.png") });

  // The permalink reproduces the filter for someone else.
  await page.getByRole("button", { name: "Share" }).click();
  await expect(page.getByTestId("permalink")).toHaveValue(/\/p\/[A-Za-z0-9]{8,10}$/);
  const url = await page.getByTestId("permalink").inputValue();
  const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const viewer = await fresh.newPage();
  await viewer.goto(url);
  await expect(viewer).toHaveURL(new RegExp(`/incidents/${id}\\?`));
  expect(params(viewer).get("flows.dst")).toBe(DEMO.deletedPodIp);
  await expect(viewer.getByTestId("panel-flows").getByRole("button", { name: "Filters (1)" })).toBeVisible();
  await expect(viewer.getByRole("region", { name: "Top talkers" }).getByRole("button", { name: DEMO.deletedPodIp, exact: true })).toHaveAttribute("aria-pressed", "true");
  await fresh.close();
  expect(problems).toEqual([]);
});
