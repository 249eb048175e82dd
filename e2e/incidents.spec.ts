import { expect, test } from "@playwright/test";

test("create an incident in the browser, see it listed, open and edit it", async ({ page }) => {
  const title = `SYN storm to deleted pod IP ${Date.now()}`;
  const ticket = `OPS-${Date.now()}`;
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();

  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Ticket").fill(ticket);
  await page.getByRole("button", { name: "Create incident" }).click();

  // Creating opens the new incident, ready for its evidence.
  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("incident-title")).toHaveText(title);
  await expect(page.getByText("Drop evidence files here")).toBeVisible();
  const url = page.url();

  // And it is listed.
  await page.goto("/");
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row).toContainText(ticket);
  await row.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(url);

  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Summary").fill("conntrack 13k → 60k during rollouts");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("incident-summary")).toHaveText("conntrack 13k → 60k during rollouts");

  await page.reload();
  await expect(page.getByTestId("incident-summary")).toHaveText("conntrack 13k → 60k during rollouts");
});

test("the HTTP API answers bad input with a 400 error object", async ({ request }) => {
  const res = await request.post("/api/incidents", { data: { title: 42 } });
  expect(res.status()).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe("validation_failed");
  expect(body.error.details[0].path).toBe("title");
  expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/);
});

test("an API path no route serves answers a JSON 404 for every method", async ({ request }) => {
  for (const res of [await request.get("/api/nope"), await request.post("/api/incidents/x/y/z", { data: {} }), await request.delete("/api/v2/incidents")]) {
    expect(res.status()).toBe(404);
    expect(res.headers()["content-type"]).toContain("application/json");
    expect((await res.json()).error.code).toBe("not_found");
  }
  // Real routes still win over the catch-all.
  expect((await request.get("/api/incidents")).status()).toBe(200);
});

test("an unknown incident shows a clear not-found page", async ({ page }) => {
  const res = await page.goto("/incidents/00000000-0000-4000-8000-000000000000");
  expect(res?.status()).toBe(404);
  await expect(page.getByText("Not found")).toBeVisible();
});
