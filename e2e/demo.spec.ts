// What a new user sees: `npm start` on an empty data folder (the second web server in
// playwright.config.ts) loads the "it wasn't DNS" demo incident through the upload API, with the
// team's investigation. Every panel is drawn with data, and the hypotheses, annotations, findings
// and the postmortem draft are there. The screenshot is the README's first picture.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO } from "../lib/samples/demo/scenario";
import { watchConsole } from "./helpers";

const demoPort = Number(process.env.E2E_DEMO_PORT ?? 3108);
const SHOTS = process.env.HINDSIGHT_SCREENSHOTS ?? "test-results/story";

test.use({ baseURL: `http://localhost:${demoPort}`, viewport: { width: 1600, height: 1000 } });

test("the first start of an empty database opens on the demo incident with every panel populated", async ({ page, request }) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  // Right after the first start the list says the demo is on its way (never "No incidents yet"),
  // and the demo incident appears in it without a reload.
  await page.goto("/");
  await expect(page.getByTestId("demo-loading").or(page.getByRole("link", { name: DEMO.title }))).toBeVisible();
  await expect(page.getByText("No incidents yet")).toHaveCount(0);
  await expect(page.getByRole("link", { name: DEMO.title })).toBeVisible({ timeout: 120_000 });

  // The demo loads in the background once the server is up; its postmortem draft is the last step.
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

  await page.goto("/");
  await page.getByRole("link", { name: DEMO.title }).click();
  await expect(page.getByTestId("incident-ticket")).toHaveText(DEMO.ticket);

  const panels = page.locator("[data-testid^='panel-'][data-panel-type]");
  await expect(panels).toHaveCount(5);
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
  await expect(panels).toHaveCount(5);
  for (const p of await panels.all()) await expect(p.locator(".tl-series path").first()).toHaveAttribute("d", /^M/, { timeout: 30_000 });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(SHOTS, "00-demo-incident.png") });

  await sidebar.getByRole("link", { name: "Postmortem →" }).click();
  await expect(page.getByTestId("pm-document")).toContainText(/root cause/i);
  await expect(page.getByTestId("view-embed").first().locator("svg path").first()).toBeAttached({ timeout: 20_000 });
  expect(problems).toEqual([]);
});
