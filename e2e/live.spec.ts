// An incident page follows changes made elsewhere (a ticket automation, a colleague's curl)
// without a reload: the incident's event stream brings uploads, their deletion, markers and
// hypotheses within seconds.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { watchConsole } from "./helpers";

const FLOW_LOG = { name: "aws-v2.log", mimeType: "text/plain", buffer: readFileSync(path.resolve("lib/parsers/fixtures/aws-v2.log")) };
const LIVE_MS = 3000;

test("an upload and a deletion through the API appear on an open incident page within 3 s", async ({ page, request }) => {
  const problems = watchConsole(page);
  const incident = await (await request.post("/api/incidents", { data: { title: `live page ${Date.now()}` } })).json();
  await page.goto(`/incidents/${incident.id}`);
  await expect(page.getByTestId("timeline-empty")).toBeVisible();
  // The page is listening once its stream said "ready"; the sidebar's first activity read has run too.
  await page.waitForResponse((r) => r.url().includes(`/api/incidents/${incident.id}/events`));
  await page.waitForTimeout(500);

  const res = await request.post(`/api/incidents/${incident.id}/uploads`, { multipart: { file: FLOW_LOG } });
  expect(res.status()).toBe(201);
  const upload = (await res.json()).uploads[0];
  const row = page.getByRole("table", { name: "Uploaded files" }).getByRole("row").filter({ hasText: "aws-v2.log" });
  await expect(row).toBeVisible({ timeout: LIVE_MS });
  await expect(page.getByTestId("timeline-empty")).toHaveCount(0, { timeout: LIVE_MS });
  await expect(page.getByTestId("panel-flows")).toBeVisible({ timeout: LIVE_MS });

  const marker = await request.post(`/api/incidents/${incident.id}/markers`, { data: { ts: upload.timeRange.from, kind: "deploy", label: "deploy from a pipeline" } });
  expect(marker.status()).toBe(201);
  await expect(page.getByTestId("lane-marker").filter({ hasText: "deploy from a pipeline" })).toBeVisible({ timeout: LIVE_MS });

  const hypothesis = await request.post(`/api/incidents/${incident.id}/hypotheses`, { data: { title: "A colleague's hunch" } });
  expect(hypothesis.status()).toBe(201);
  await expect(page.getByTestId("hypothesis-card").filter({ hasText: "A colleague's hunch" })).toBeVisible({ timeout: LIVE_MS });

  expect((await request.delete(`/api/uploads/${upload.id}`)).status()).toBe(204);
  await expect(row).toHaveCount(0, { timeout: LIVE_MS });
  await expect(page.getByTestId("panel-flows")).toHaveCount(0, { timeout: LIVE_MS });
  expect(problems).toEqual([]);
});
