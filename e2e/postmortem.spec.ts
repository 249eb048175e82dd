// The postmortem editor against the real app: a small flow log and a permalink made through the
// API, then a view and the generated timeline inserted, autosaved, shared read-only, exported,
// a save reaching a second browser live, and a conflict between two browsers resolved.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { incidentWithFile } from "./helpers";

const T0 = Date.UTC(2026, 2, 14, 9, 0, 0);
let incidentId = "";
let slug = "";

/** ~40 v5 records: steady ACK traffic over two minutes and a SYN burst at +60 s. */
function flowLog(): string {
  const header = "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action tcp-flags log-status";
  const s0 = T0 / 1000;
  const rows = Array.from({ length: 24 }, (_, i) => `5 eni-1 10.0.0.${i + 1} 10.0.7.42 ${41000 + i} 443 6 4 240 ${s0 + i * 5} ${s0 + i * 5 + 4} ACCEPT 18 OK`);
  for (let i = 0; i < 16; i++) rows.push(`5 eni-1 10.0.1.${i + 1} 10.0.7.42 ${42000 + i} 443 6 1 60 ${s0 + 60} ${s0 + 61} ACCEPT 2 OK`);
  return [header, ...rows].join("\n") + "\n";
}

test.beforeAll(async ({ playwright }, info) => {
  const api = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
  const dir = mkdtempSync(path.join(tmpdir(), "hindsight-pm-"));
  const file = path.join(dir, "flows.log");
  writeFileSync(file, flowLog());
  incidentId = await incidentWithFile(api, `Postmortem e2e ${Date.now()}`, { name: "flows.log", buffer: readFileSync(file) });
  rmSync(dir, { recursive: true, force: true });

  const marker = await api.post(`/api/incidents/${incidentId}/markers`, { data: { ts: T0 + 55_000, kind: "rollout", label: "deploy api v42" } });
  expect(marker.status()).toBe(201);
  const link = await api.post("/api/permalinks", { data: { incidentId, view: { query: `from=${T0}&to=${T0 + 120_000}&panels=flows` } } });
  expect(link.status()).toBe(201);
  slug = (await link.json()).slug;
  await api.dispose();
});

async function asPerson(browser: Browser, name: string, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  await context.addCookies([{ name: "hindsight_name", value: encodeURIComponent(name), url: baseURL }]);
  return { context, page: await context.newPage() };
}

const editor = (page: Page) => page.getByLabel("Postmortem markdown");
const saved = (page: Page) => expect(page.getByTestId("pm-status")).toHaveAttribute("data-status", "saved", { timeout: 15_000 });
/** A chart with data: the stacked area has a drawn path. */
const liveChart = (page: Page) => page.getByTestId("view-embed").first().locator("svg .recharts-area-area").first();

async function typeAtEnd(page: Page, text: string) {
  await editor(page).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

test("write a postmortem with a live view and the generated timeline; share and export it", async ({ browser, baseURL }) => {
  const { context, page } = await asPerson(browser, "Ana", baseURL!);
  await page.goto(`/incidents/${incidentId}/postmortem`);
  await expect(editor(page)).toHaveValue(/# Postmortem: Postmortem e2e/);
  await expect(page.getByTestId("pm-document").locator("h2", { hasText: "Action items" })).toBeVisible();

  // Insert the permalink by URL, at the end of the document.
  await editor(page).click();
  await page.keyboard.press("Control+End");
  await page.getByRole("button", { name: "Insert view" }).click();
  await page.getByTestId("insert-view").getByRole("textbox").fill(`${baseURL}/p/${slug}`);
  await page.getByTestId("insert-view").getByRole("button", { name: "Insert", exact: true }).click();
  await expect(editor(page)).toHaveValue(new RegExp(`\\n!\\[view\\]\\(/p/${slug}\\)\\n`));
  await expect(liveChart(page)).toHaveAttribute("d", /^M/);
  await expect(page.getByTestId("view-embed").first().getByRole("link", { name: /Open in timeline/ })).toHaveAttribute("href", `/p/${slug}`);

  // And one of the whole evidence window.
  await page.getByRole("button", { name: "Insert view" }).click();
  await page.getByRole("button", { name: "Current incident window" }).click();
  await expect(page.getByTestId("view-embed")).toHaveCount(2);

  await page.getByRole("button", { name: "Refresh timeline" }).click();
  await expect(editor(page)).toHaveValue(/<!-- timeline:start -->\n\| Time \(UTC\) \| Kind \| Event \|\n\| --- \| --- \| --- \|\n\| 2026-03-14 09:00:55 \| marker \| rollout: deploy api v42 \|/);
  await expect(page.getByTestId("pm-document").locator("td", { hasText: "rollout: deploy api v42" })).toBeVisible();
  await expect(page.getByTestId("pm-document")).not.toContainText("timeline:start");
  await saved(page);

  // Autosaved: a reload shows the same text.
  const text = await editor(page).inputValue();
  await page.reload();
  await expect(editor(page)).toHaveValue(text);
  await expect(page.getByTestId("pm-status")).toContainText("revision");

  // Ctrl+S saves at once.
  await typeAtEnd(page, "\nSaved by keyboard.");
  const put = page.waitForResponse((r) => r.url().endsWith("/postmortem") && r.request().method() === "PUT", { timeout: 1200 });
  await page.keyboard.press("Control+s");
  expect((await put).status()).toBe(200);
  await saved(page);

  // The read-only link in a fresh browser shows the live chart.
  const reader = await browser.newContext({ baseURL });
  const view = await reader.newPage();
  await view.goto(`/incidents/${incidentId}/postmortem/view`);
  await expect(view.getByTestId("pm-document")).toContainText("Saved by keyboard.");
  await expect(view.getByTestId("pm-document").locator("td", { hasText: "rollout: deploy api v42" })).toBeVisible();
  await expect(liveChart(view)).toHaveAttribute("d", /^M/);
  await expect(view.locator("textarea")).toHaveCount(0);

  const [download] = await Promise.all([view.waitForEvent("download"), view.getByRole("link", { name: "Download .md" }).click()]);
  const md = readFileSync((await download.path())!, "utf8");
  expect(md).toContain("| 2026-03-14 09:00:55 | marker | rollout: deploy api v42 |");
  expect(md).toContain(`**Timeline view:** [${baseURL}/p/${slug}](${baseURL}/p/${slug}) (2026-03-14 09:00:00 – 2026-03-14 09:02:00 UTC)`);
  expect(md).toContain("  - SYN: peak 16 flows per 1s at 2026-03-14 09:01:00 UTC");
  expect(md).not.toContain("![view]");
  await reader.close();
  await context.close();
});

test("two browsers on one postmortem: a save reaches the other at once; edits that cross choose, nothing is overwritten", async ({ browser, baseURL }) => {
  const ana = await asPerson(browser, "Ana", baseURL!);
  const bo = await asPerson(browser, "Bo", baseURL!);
  for (const p of [ana.page, bo.page]) {
    await p.goto(`/incidents/${incidentId}/postmortem`);
    await expect(p.getByTestId("pm-status")).toHaveAttribute("data-status", "saved");
  }
  // Ana saves; Bo, with nothing unsaved, sees her revision within seconds, without a reload.
  await typeAtEnd(ana.page, "\nAna was here.");
  await saved(ana.page);
  await expect(editor(bo.page)).toHaveValue(/Ana was here\.\s*$/, { timeout: 3000 });

  // Bo starts typing; before his autosave, Ana saves again (through the API, as herself). Bo is
  // told at once, with both versions side by side.
  await typeAtEnd(bo.page, "\nBo was here.");
  const base = await (await ana.page.request.get(`/api/incidents/${incidentId}/postmortem`)).json();
  const put = await ana.page.request.put(`/api/incidents/${incidentId}/postmortem`, { data: { markdown: `${base.markdown}\nAna again.`, baseRevision: base.revision } });
  expect(put.status()).toBe(200);
  const conflict = bo.page.getByTestId("pm-conflict");
  await expect(conflict).toContainText("Ana saved revision");
  await expect(conflict.getByTestId("pm-conflict-mine")).toContainText("Bo was here.");
  await expect(conflict.getByTestId("pm-conflict-theirs")).toContainText("Ana again.");
  await expect(bo.page.getByTestId("pm-status")).toHaveAttribute("data-status", "conflict");
  await conflict.getByRole("button", { name: "Keep mine" }).click();
  await saved(bo.page);
  await expect(conflict).toHaveCount(0);

  // Ana had nothing unsaved: Bo's choice is on her screen too.
  await expect(editor(ana.page)).toHaveValue(/Bo was here\.\s*$/, { timeout: 3000 });
  await expect(editor(ana.page)).not.toHaveValue(/Ana again/);

  // Revisions: Ana's is still there, and can be restored as a new revision.
  await ana.page.getByRole("button", { name: "Revisions" }).click();
  const list = ana.page.getByTestId("pm-revisions");
  await expect(list.locator("li")).not.toHaveCount(0);
  const anaRev = list.locator("li", { hasText: "Ana" }).first();
  await anaRev.getByRole("button").click();
  await expect(list.getByTestId("pm-diff")).toContainText("Ana again.");
  await list.getByRole("button", { name: "Restore this revision" }).click();
  await expect(editor(ana.page)).toHaveValue(/Ana again\.\s*$/);
  await saved(ana.page);
  await ana.context.close();
  await bo.context.close();
});
