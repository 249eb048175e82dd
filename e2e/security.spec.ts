// What a page on another site can do to a Hindsight running on this machine: nothing. A form or a
// fetch from another origin writes nothing, a rebound host name reads nothing, and the app's own
// pages run under a Content-Security-Policy without a single violation.
import http from "node:http";
import { expect, test } from "@playwright/test";
import { attackerSite, watchConsole } from "./helpers";

const port = Number(process.env.E2E_PORT ?? 3107);
const target = `http://localhost:${port}`;

const titled = async (request: import("@playwright/test").APIRequestContext, title: string) => {
  const { incidents } = await (await request.get("/api/incidents?limit=1000")).json();
  return incidents.filter((i: { title: string }) => i.title === title);
};

test("a cross-origin form POST with a JSON-looking text/plain body creates nothing", async ({ page, request }) => {
  const title = `planted ${Date.now()}`;
  // The classic trick: one field whose name and value join into a JSON document.
  const site = await attackerSite(`<form id=f method=POST action="${target}/api/incidents" enctype="text/plain">
    <input name='{"title":"${title}","x":"' value='"}'></form><script>document.getElementById("f").submit()</script>`);
  try {
    const answer = page.waitForResponse((r) => r.url() === `${target}/api/incidents` && r.request().method() === "POST");
    await page.goto(site.url);
    const res = await answer;
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe("cross_origin");
    expect(await titled(request, title)).toEqual([]);
  } finally {
    site.close();
  }
});

test("a cross-origin fetch with the browser's cookies is refused", async ({ page, request, context }) => {
  const title = `fetched ${Date.now()}`;
  await context.addCookies([{ name: "hindsight_name", value: "victim", url: target }]);
  const site = await attackerSite(`<script>
    window.result = fetch("${target}/api/incidents", { method: "POST", mode: "no-cors", credentials: "include",
      headers: { "content-type": "text/plain" }, body: JSON.stringify({ title: "${title}" }) }).then(() => "sent", (e) => String(e));
  </script>`);
  try {
    const answer = page.waitForResponse((r) => r.url() === `${target}/api/incidents` && r.request().method() === "POST");
    await page.goto(site.url);
    const res = await answer;
    expect(res.status()).toBe(403);
    expect(await titled(request, title)).toEqual([]);
  } finally {
    site.close();
  }
});

test("a request for another host name (DNS rebinding) is refused, pages and API alike", async () => {
  for (const path of ["/", "/api/incidents"]) {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      http.get({ host: "127.0.0.1", port, path, headers: { host: `rebind.attacker.example:${port}` } }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      }).on("error", reject);
    });
    expect(status).toBe(403);
    expect(JSON.parse(body).error.code).toBe("host_not_allowed");
  }
});

test("pages and API answers carry the security headers, and the pages run without a CSP violation", async ({ page, request }) => {
  const problems = watchConsole(page);
  const api = await request.get("/api/incidents");
  for (const res of [api, (await page.goto("/"))!]) {
    const headers = res.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toContain("default-src 'self'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
  }
  await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();
  const created = await (await request.post("/api/incidents", { data: { title: `csp ${Date.now()}` } })).json();
  await page.goto(`/incidents/${created.id}`);
  await expect(page.getByText("Drop evidence files here")).toBeVisible();
  await page.goto(`/incidents/${created.id}/postmortem`);
  await page.waitForLoadState("networkidle");
  expect(problems.filter((p) => /Content Security Policy|Refused to/.test(p))).toEqual([]);
  expect(problems).toEqual([]);
});
