// What the end-to-end specs share: reading the view from the URL, driving a panel with the mouse,
// and collecting the page's errors.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

// The app has no favicon.ico (it serves icon.svg); Chromium logs the 404 as a console error.
const IGNORED = /\/favicon\.ico$/;

/** Page errors and console errors, to assert an empty list at the end of a test. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (/Failed to load resource/.test(m.text()) && IGNORED.test(m.location().url)) return;
    problems.push(`${m.text()} @ ${m.location().url}`);
  });
  return problems;
}

export const params = (page: Page) => new URL(page.url()).searchParams;

/** The time domain a panel draws (its charts' data attributes). */
export const domainOf = (page: Page, panelId: string) =>
  page.getByTestId(`panel-${panelId}`).locator(".tl-charts").evaluate((e) => ({ from: Number(e.getAttribute("data-domain-from")), to: Number(e.getAttribute("data-domain-to")) }));

/** A mouse drag across a panel's first chart, between two fractions of its width. */
export async function dragAcross(page: Page, panelId: string, fromFraction: number, toFraction: number, modifiers: Array<"Shift"> = []) {
  const overlay = page.getByTestId(`panel-${panelId}`).getByTestId("chart-overlay").first();
  await overlay.scrollIntoViewIfNeeded();
  const box = (await overlay.boundingBox())!;
  const y = box.y + box.height / 2;
  for (const key of modifiers) await page.keyboard.down(key);
  await page.mouse.move(box.x + box.width * fromFraction, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * toFraction, y, { steps: 8 });
  await page.mouse.up();
  for (const key of modifiers) await page.keyboard.up(key);
}

/** The first write asks for a display name once; it is kept in a cookie afterwards. */
export async function answerNamePrompt(page: Page, name: string) {
  const dialog = page.getByRole("dialog", { name: "What should we call you?" });
  await dialog.getByLabel("Your name").fill(name);
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.waitFor({ state: "hidden" });
}

/** Adds a hypothesis from the sidebar; `askName` answers the name prompt of a first write. */
export async function addHypothesis(page: Page, title: string, askName?: string) {
  const board = page.getByRole("complementary", { name: "Investigation" });
  await board.getByRole("button", { name: "+ New" }).click();
  const form = board.getByRole("form", { name: "New hypothesis" });
  await form.getByLabel("Title").fill(title);
  await form.getByRole("button", { name: "Add hypothesis" }).click();
  if (askName) await answerNamePrompt(page, askName);
  await expect(board.getByTestId("hypothesis-card").filter({ hasText: title })).toBeVisible();
}

/** Moves a hypothesis card to `status` with a reason, through its status form. */
export async function setStatus(card: Locator, status: "Supported" | "Refuted" | "Confirmed" | "Open", reason: string) {
  await card.getByRole("button", { name: "Change status…" }).click();
  await card.getByRole("radiogroup", { name: "New status" }).getByText(status).click();
  await card.getByLabel("Reason").fill(reason);
  await card.getByRole("button", { name: "Set status" }).click();
  await expect(card.locator(".hy-status").first()).toHaveText(status);
}

/** A new incident with one evidence file uploaded through the API; returns its id. */
export async function incidentWithFile(api: APIRequestContext, title: string, file: { name: string; buffer: Buffer }): Promise<string> {
  const created = await api.post("/api/incidents", { data: { title } });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id as string;
  const uploaded = await api.post(`/api/incidents/${id}/uploads`, { multipart: { file: { ...file, mimeType: "text/plain" } } });
  expect(uploaded.status()).toBe(201);
  expect((await uploaded.json()).uploads[0].status).toBe("ready");
  return id;
}

/** An attacker's page on another origin (another port of 127.0.0.1). */
export async function attackerSite(html: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

