// Hypotheses, annotations and permalinks against the real app: two people on one incident, an
// annotation drawn on the flows panel and attached to a hypothesis, a status change with its
// reason, and a shared view opened read-only in a fresh browser.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { writeVpcFlowLog } from "../lib/samples/write-vpc-flow-log";
import { addHypothesis, dragAcross, incidentWithFile, params, setStatus, watchConsole } from "./helpers";

const START_SEC = Math.floor(Date.UTC(2026, 4, 2, 3, 0, 0) / 1000);
let incidentId = "";

async function openIncident(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`/incidents/${incidentId}`);
  await expect(page.getByTestId("panel-flows").getByTestId("chart").first()).toBeVisible();
  return { context, page };
}

test.beforeAll(async ({ playwright }, info) => {
  const api = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
  const dir = mkdtempSync(path.join(tmpdir(), "hindsight-investigation-"));
  const file = path.join(dir, "flows.log");
  const storm = { dst: "10.0.9.17", fromSec: START_SEC + 5 * 60, toSec: START_SEC + 6 * 60, synsPerSec: 120, dstPort: 8080 };
  await writeVpcFlowLog(file, { version: 5, rows: 10 * 600 + 120 * 60, startSec: START_SEC, seed: 5, flowsPerSec: 10, storm });
  incidentId = await incidentWithFile(api, `Investigation e2e ${Date.now()}`, { name: "flows.log", buffer: readFileSync(file) });
  rmSync(dir, { recursive: true, force: true });
  await api.dispose();
});

test("hypotheses, an annotated range on the flows panel, a status change, and a permalink opened read-only", async ({ browser }) => {
  const ana = await openIncident(browser);
  const bo = await openIncident(browser);
  const problems = watchConsole(ana.page);
  const page = ana.page;
  const sidebar = page.getByRole("complementary", { name: "Investigation" });

  // Two hypotheses; the first write asks Ana for her name.
  await addHypothesis(page, "DNS is broken", "Ana");
  await addHypothesis(page, "Conntrack saturates during rollouts");
  await expect(sidebar.getByText("as Ana")).toBeVisible();

  // Annotate mode: a drag on the flows panel opens the form instead of zooming.
  const before = { from: params(page).get("from"), to: params(page).get("to") };
  await page.getByRole("button", { name: "✎ Annotate" }).click();
  await dragAcross(page, "flows", 0.45, 0.65);
  expect({ from: params(page).get("from"), to: params(page).get("to") }).toEqual(before);
  const form = page.getByTestId("annotate-form");
  await expect(form).toContainText("flows");
  await form.getByLabel("Annotation text (markdown)").fill("SYN storm to **10.0.9.17**:8080 <script>window.pwned=1</script>");
  await form.getByRole("radiogroup", { name: "Stance" }).getByText("Supports").click();
  await form.getByLabel("Hypothesis").selectOption({ label: "Conntrack saturates during rollouts" });
  await form.getByRole("button", { name: "Add annotation" }).click();
  await expect(form).toBeHidden();

  // Listed with its author and hypothesis, rendered safely, drawn on the panel and focused.
  const item = sidebar.getByTestId("annotation-item").filter({ hasText: "SYN storm" });
  await expect(item).toContainText("supports Conntrack saturates during rollouts");
  await expect(item.getByTestId("annotation-author")).toHaveText("Ana");
  await expect(item.locator(".hy-text strong")).toHaveText("10.0.9.17");
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  const focus = params(page).get("focus");
  expect(focus).toMatch(/^a:[0-9a-f-]{36}$/);
  const annotationId = focus!.slice(2);
  await expect(item).toHaveAttribute("aria-current", "true");
  const span = page.getByTestId("panel-flows").locator(`[data-testid="annotation-span"][data-annotation-id="${annotationId}"]`);
  await expect(span.first()).toHaveAttribute("data-stance", "supports");
  await expect(span.first()).toHaveAttribute("data-focused", "true");

  // Bo sees it without reloading.
  await expect(bo.page.getByTestId("annotation-item").filter({ hasText: "SYN storm" })).toBeVisible({ timeout: 8000 });
  await expect(bo.page.getByTestId("panel-flows").locator(`[data-annotation-id="${annotationId}"]`).first()).toBeAttached();

  // A status change with a reason, kept in the history with its author; Bo sees it too.
  const card = sidebar.getByTestId("hypothesis-card").filter({ hasText: "Conntrack saturates" });
  await setStatus(card, "Confirmed", "conntrack 13k → 60k at every rollout");
  await card.getByRole("button", { name: "1 status change" }).click();
  const history = card.getByRole("list", { name: "Status history" });
  await expect(history.locator("li").first()).toContainText("Ana");
  await expect(history.locator("li").first()).toContainText("conntrack 13k → 60k at every rollout");
  await expect(bo.page.getByTestId("hypothesis-card").filter({ hasText: "Conntrack saturates" }).locator(".hy-status").first()).toHaveText("Confirmed", { timeout: 8000 });

  // Jump to the annotation (range around it, focus kept), then share that view.
  await item.getByRole("button", { name: "Jump to" }).click();
  await expect.poll(() => params(page).get("from")).not.toBe(before.from);
  await page.getByRole("button", { name: "Share" }).click();
  await expect(page.getByTestId("permalink")).toHaveValue(/\/p\/[A-Za-z0-9]{8,10}$/);
  const shared = { url: await page.getByTestId("permalink").inputValue(), from: params(page).get("from"), to: params(page).get("to"), focus: params(page).get("focus") };
  const panelIds = await page.locator("[data-testid^='panel-'][data-panel-type]").evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));

  // A fresh browser (no cookie, no local storage) opens exactly that view, read-only.
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const viewer = await fresh.newPage();
  const viewerProblems = watchConsole(viewer);
  await viewer.goto(shared.url);
  await expect(viewer).toHaveURL(new RegExp(`/incidents/${incidentId}\\?`));
  expect(params(viewer).get("from")).toBe(shared.from);
  expect(params(viewer).get("to")).toBe(shared.to);
  expect(params(viewer).get("focus")).toBe(shared.focus);
  await expect(viewer.getByTestId("panel-flows").locator(".tl-charts")).toHaveAttribute("data-domain-from", shared.from!);
  expect(await viewer.locator("[data-testid^='panel-'][data-panel-type]").evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")))).toEqual(panelIds);
  await expect(viewer.getByTestId("permalink-banner")).toContainText("pinned by Ana");
  const viewerItem = viewer.getByTestId("annotation-item").filter({ hasText: "SYN storm" });
  await expect(viewerItem).toHaveAttribute("aria-current", "true");
  await expect(viewerItem.getByTestId("annotation-author")).toHaveText("Ana");
  await expect(viewer.getByTestId("panel-flows").locator(`[data-annotation-id="${annotationId}"]`).first()).toHaveAttribute("data-focused", "true");
  const viewerCard = viewer.getByTestId("hypothesis-card").filter({ hasText: "Conntrack saturates" });
  await viewerCard.getByRole("button", { name: "1 status change" }).click();
  await expect(viewerCard.getByRole("list", { name: "Status history" }).locator("li").first()).toContainText("Ana");
  // Read-only: no annotate, no upload, no edits — until the viewer chooses to edit.
  await expect(viewer.getByRole("button", { name: "✎ Annotate" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "+ New" })).toHaveCount(0);
  await expect(viewerItem.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(viewer.getByRole("region", { name: "Evidence files" }).getByRole("button", { name: "Delete" })).toBeHidden();
  await expect(viewer.locator(".dropzone")).toHaveCount(0);
  await viewer.getByTestId("permalink-banner").getByRole("button", { name: "Edit" }).click();
  await expect(viewer.getByTestId("permalink-banner")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "✎ Annotate" })).toBeVisible();
  expect(params(viewer).get("from")).toBe(shared.from);

  expect(problems).toEqual([]);
  expect(viewerProblems).toEqual([]);
  await Promise.all([ana.context.close(), bo.context.close(), fresh.close()]);
});

test("Shift+drag annotates without annotate mode, a click annotates a point, Esc cancels", async ({ browser }) => {
  const { context, page } = await openIncident(browser);
  await context.addCookies([{ name: "hindsight_name", value: "Cy", url: new URL(page.url()).origin }]);
  await dragAcross(page, "flows", 0.2, 0.3, ["Shift"]);
  const form = page.getByTestId("annotate-form");
  await expect(form).toBeVisible();
  await expect(page.getByTestId("panel-flows").locator('[data-annotation-id="draft"]').first()).toBeAttached();
  await form.getByLabel("Annotation text (markdown)").press("Escape");
  await expect(form).toBeHidden();

  await page.keyboard.press("n");
  await expect(page.getByRole("button", { name: "✎ Annotate" })).toHaveAttribute("aria-pressed", "true");
  const box = (await page.getByTestId("panel-flows").getByTestId("chart-overlay").first().boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
  await expect(form).toContainText("UTC");
  await expect(form).not.toContainText("–");
  await form.getByLabel("Annotation text (markdown)").fill("first RST from the stopped pod");
  await form.getByRole("button", { name: "Add annotation" }).click();
  const item = page.getByTestId("annotation-item").filter({ hasText: "first RST" });
  await expect(item.getByTestId("annotation-author")).toHaveText("Cy");
  await expect(page.getByRole("button", { name: "✎ Annotate" })).toHaveAttribute("aria-pressed", "false");
  await context.close();
});

test("accepting a finding notes it on the timeline, attached to a hypothesis", async ({ browser }) => {
  const { context, page } = await openIncident(browser);
  await context.addCookies([{ name: "hindsight_name", value: "Dee", url: new URL(page.url()).origin }]);
  await addHypothesis(page, "Clients keep dialling a dead pod");
  const finding = page.getByTestId("finding").filter({ hasText: "SYN storm to 10.0.9.17" });
  await finding.getByRole("button", { name: /^Accept/ }).click({ timeout: 30_000 });
  const form = finding.getByRole("form", { name: "New annotation" });
  await expect(form.getByLabel("Annotation text (markdown)")).toHaveValue(/^\*\*SYN storm to 10\.0\.9\.17:8080/);
  await form.getByLabel("Hypothesis").selectOption({ label: "Clients keep dialling a dead pod" });
  await form.getByRole("button", { name: "Add annotation" }).click();
  await expect(form).toBeHidden();
  const item = page.getByTestId("annotation-item").filter({ hasText: "supports Clients keep dialling a dead pod" });
  await expect(item).toContainText("SYN storm to 10.0.9.17:8080");
  await expect(item.getByTestId("annotation-author")).toHaveText("Dee");
  await expect(finding.getByText("accepted")).toBeVisible();
  await context.close();
});

test("an unknown or malformed permalink gets a clear 404 page", async ({ page }) => {
  for (const slug of ["Zz9Yy8Xx7", "not_a-slug!"]) {
    const res = await page.goto(`/p/${slug}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByText("This link does not exist")).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to incidents" })).toBeVisible();
  }
});
