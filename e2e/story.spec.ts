// The whole story, the way a person walks it: create an incident, drop the evidence files of the
// "it wasn't DNS" incident on it (flow logs, a capture, a metric export, rollout events), see the
// panels, zoom into the SYN storm, write down a hypothesis and annotate the storm, confirm it,
// share the view and open it in another browser, then write the postmortem with that view
// embedded and export it. Screenshots land in test-results/story, or wherever
// HINDSIGHT_SCREENSHOTS points (`HINDSIGHT_SCREENSHOTS=docs/screenshots npx playwright test
// e2e/story.spec.ts` refreshes the ones in the README).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO } from "../lib/samples/demo/scenario";
import { writeDemoFiles } from "../lib/samples/demo/write-demo-files";
import { addHypothesis, domainOf, dragAcross, params, setStatus, watchConsole } from "./helpers";

const SHOTS = process.env.HINDSIGHT_SCREENSHOTS ?? "test-results/story";
const VIEWPORT = { width: 1600, height: 1000 };

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

let dir = "";
let files: string[] = [];

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "hindsight-story-"));
  files = await writeDemoFiles(dir);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the story: incident, evidence, panels, zoom, annotation, confirmed hypothesis, permalink, postmortem", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  const page = await context.newPage();
  const problems = watchConsole(page);

  // 1. A new incident, from the incident list.
  const title = `Checkout DNS errors — story ${Date.now()}`;
  await page.goto("/");
  const create = page.getByRole("form", { name: "New incident" });
  await create.getByLabel("Title").fill(title);
  await create.getByLabel("Ticket").fill(`STORY-${Date.now()}`);
  await create.getByRole("button", { name: "Create incident" }).click();
  await expect(page.getByTestId("incident-title")).toHaveText(title);
  await expect(page.getByTestId("timeline-empty")).toContainText("No evidence on the timeline yet");

  // 2. The evidence files, through the upload panel (several at once, progress per file).
  await page.getByTestId("upload-input").setInputFiles(files);
  await expect(page.getByTestId("transfer-result")).toHaveCount(files.length, { timeout: 120_000 });
  const results = await page.getByTestId("transfer-result").allInnerTexts();
  for (const kind of ["aws-vpc-flow", "pcap", "prometheus-api-json", "k8s-events"]) expect(results.some((r) => r.startsWith(`${kind}:`))).toBe(true);

  // 3. Every panel chosen from the evidence, drawn with data, and the rollout on the markers lane.
  await page.reload();
  const panels = page.locator("[data-testid^='panel-'][data-panel-type]");
  await expect(panels).toHaveCount(6);
  expect(await panels.evaluateAll((els) => els.map((e) => e.getAttribute("data-panel-type")))).toEqual(["flows", "packets", "dns", "metric", "metric", "metric"]);
  for (const p of await panels.all()) {
    await expect(p.locator(".tl-series path").first()).toHaveAttribute("d", /^M/, { timeout: 30_000 });
    await expect(p.getByTestId("panel-empty")).toHaveCount(0);
  }
  await expect(page.getByTestId("markers-lane")).toContainText(/rollout|checkout/i);
  await shot(page, "01-evidence-on-one-axis");

  // 4. Zoom into the storm: one drag, every panel follows.
  const whole = await domainOf(page, "flows");
  const fraction = (t: number) => (t - whole.from) / (whole.to - whole.from);
  await dragAcross(page, "flows", fraction(DEMO.rolloutFrom - 60_000), fraction(DEMO.rolloutTo + 60_000));
  await expect.poll(() => params(page).get("from")).not.toBeNull();
  const zoomed = { from: Number(params(page).get("from")), to: Number(params(page).get("to")) };
  expect(zoomed.to - zoomed.from).toBeLessThan((whole.to - whole.from) / 3);
  for (const id of ["flows", "packets", "dns"]) await expect.poll(() => domainOf(page, id)).toEqual(zoomed);

  // 5. A hypothesis, an annotation of the SYN storm attached to it, and the status change.
  await addHypothesis(page, "A SYN storm to the deleted pod IP fills conntrack", "Ana (SRE)");
  await addHypothesis(page, "DNS is failing during rollouts");
  await page.getByRole("button", { name: "✎ Annotate" }).click();
  const inZoom = (t: number) => (t - zoomed.from) / (zoomed.to - zoomed.from);
  await dragAcross(page, "flows", inZoom(DEMO.stormFrom), inZoom(DEMO.stormTo));
  const form = page.getByTestId("annotate-form");
  await form.getByLabel("Annotation text (markdown)").fill(`SYN-only flows to **${DEMO.deletedPodIp}** (the deleted pod), ~1,450/s — nothing answers`);
  await form.getByRole("radiogroup", { name: "Stance" }).getByText("Supports").click();
  await form.getByLabel("Hypothesis").selectOption({ label: "A SYN storm to the deleted pod IP fills conntrack" });
  await form.getByRole("button", { name: "Add annotation" }).click();
  await expect(form).toBeHidden();
  const sidebar = page.getByRole("complementary", { name: "Investigation" });
  await expect(sidebar.getByTestId("annotation-item").filter({ hasText: DEMO.deletedPodIp })).toContainText("Ana (SRE)");
  await expect(page.locator("[data-testid='annotation-span'][data-focused]").first()).toBeAttached();

  const card = sidebar.getByTestId("hypothesis-card").filter({ hasText: "SYN storm to the deleted pod" });
  await setStatus(card, "Confirmed", "130k SYNs in 90 s to 10.0.42.17 right after the rollout; conntrack 13k → 60k");
  await shot(page, "02-annotated-and-confirmed");

  // 6. Share the view; a colleague opens it in a fresh browser: same range, panels and focus.
  await page.getByRole("button", { name: "Share" }).click();
  await expect(page.getByTestId("permalink")).toHaveValue(/\/p\/[A-Za-z0-9]{8,10}$/);
  const permalink = await page.getByTestId("permalink").inputValue();
  const shared = new URL(page.url()).searchParams;
  const colleague = await browser.newContext({ viewport: VIEWPORT });
  const other = await colleague.newPage();
  await other.goto(permalink);
  await expect(other.getByTestId("permalink-banner")).toContainText("pinned by Ana (SRE)");
  for (const key of ["from", "to", "focus"]) expect(params(other).get(key)).toBe(shared.get(key));
  // The shared view pins the panels that were on screen (the sharer's layout was automatic).
  const panelIds = (p: Page) => p.locator("[data-testid^='panel-'][data-panel-type]").evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
  expect(params(other).get("panels")).toBe("flows,packets,dns,metric,metric-2,metric-3");
  await expect(other.locator("[data-testid^='panel-'][data-panel-type]")).toHaveCount(6);
  expect(await panelIds(other)).toEqual(await panelIds(page));
  await expect(other.getByTestId("annotation-item").filter({ hasText: DEMO.deletedPodIp })).toHaveAttribute("aria-current", "true");
  await expect(other.getByTestId("panel-flows").locator(".tl-series path").first()).toHaveAttribute("d", /^M/);
  await shot(other, "03-permalink-read-only");
  await colleague.close();

  // 7. The postmortem: the shared view embedded as a live chart, the generated timeline, export.
  await sidebar.getByRole("link", { name: "Postmortem →" }).click();
  const editor = page.getByLabel("Postmortem markdown");
  await expect(editor).toHaveValue(/# Postmortem:/);
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n## What we saw\n\nThe alerting engine kept dialling the deleted pod: SYN-only flows filled conntrack. Not DNS.\n\n");
  await page.getByRole("button", { name: "Insert view" }).click();
  await page.getByTestId("insert-view").getByRole("textbox").fill(permalink);
  await page.getByTestId("insert-view").getByRole("button", { name: "Insert", exact: true }).click();
  await expect(page.getByTestId("view-embed").first().locator("svg path").first()).toBeAttached({ timeout: 20_000 });
  await page.getByRole("button", { name: "Refresh timeline" }).click();
  await expect(page.getByTestId("pm-document")).toContainText("SYN storm to the deleted pod IP");
  await expect(page.getByTestId("pm-status")).toHaveAttribute("data-status", "saved", { timeout: 15_000 });
  await page.getByTestId("view-embed").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, "04-postmortem.png") });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download .md" }).first().click()]);
  const md = readFileSync((await download.path())!, "utf8");
  expect(md).toContain(`# Postmortem: ${title}`);
  expect(md).toContain(`${baseURL}/p/${permalink.split("/p/")[1]}`);
  expect(md).toContain("SYN-only flows filled conntrack. Not DNS.");
  expect(md).toMatch(/confirmed/i);

  expect(problems).toEqual([]);
  await context.close();
});
