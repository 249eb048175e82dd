// "What is new or grew 10x": a capture-only incident where two resolvers start forwarding a few
// names to each other an hour after a normal hour. Ranked by change against that hour, the looping
// names and the two resolvers come first.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { CaptureBuilder, S, steadyDns } from "../lib/samples/scenarios/capture-builder";
import { params, watchConsole } from "./helpers";

const T0 = 1_730_000_000;
const A = "10.0.0.53";
const B = "10.0.1.54";
const C = "10.0.2.55";
const LOOPING = ["svc-0.corp", "svc-1.corp", "svc-2.corp"];

function loopCapture(): string {
  const b = new CaptureBuilder();
  // Two hours of normal traffic to three resolvers…
  for (const [i, server] of [A, B, C].entries()) steadyDns(b, { startS: T0, seconds: 7200, qps: 2, server, clients: 20, seed: i + 1 });
  // …and in the second hour, five minutes of loops: A asks B, B asks A, ten bounces a chain.
  const from = T0 + 3600 + 600;
  for (let c = 0; c < 600; c++) {
    const qname = LOOPING[c % LOOPING.length]!;
    for (let k = 0; k < 10; k++) b.dns({ t: (from + c / 2) * S + k * 3000, client: k % 2 ? B : A, server: k % 2 ? A : B, qname, qtype: 1, latencyMs: null });
  }
  return b.write(path.join(mkdtempSync(path.join(os.tmpdir(), "hindsight-loop-")), "resolvers.pcap"));
}

test("ranking by change against a normal hour puts the looping names and the two resolvers first", async ({ page, request }) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  const incident = await (await request.post("/api/incidents", { data: { title: `resolver loop ${Date.now()}` } })).json();
  const file = loopCapture();
  const up = await request.post(`/api/incidents/${incident.id}/uploads`, { multipart: { file: { name: "resolvers.pcap", mimeType: "application/vnd.tcpdump.pcap", buffer: readFileSync(file) } } });
  expect(up.status()).toBe(201);

  // The incident hour, compared with the hour before it.
  await page.goto(`/incidents/${incident.id}?from=${(T0 + 3600) * 1000}&to=${(T0 + 7200) * 1000}`);
  const talkers = page.getByRole("region", { name: "Top talkers" });
  await expect(talkers.getByRole("tab", { name: "DNS", selected: true })).toBeVisible();
  await expect(talkers.getByRole("checkbox", { name: "by change" })).toBeDisabled();
  await talkers.getByLabel("Compare with").selectOption("-1h");
  await expect.poll(() => params(page).get("baseline")).toBe("-1h");
  await talkers.getByRole("checkbox", { name: "by change" }).check();

  // The panels draw the hour before as a muted overlay, and the tooltip reads the difference.
  const dns = page.getByTestId("panel-dns");
  await expect(dns.locator(".tl-legend").getByText("Queries, 1h before")).toBeVisible();
  await expect(page.getByLabel("Baseline")).toHaveValue("-1h");
  const chart = dns.getByTestId("chart-overlay").last();
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await expect(page.getByTestId("chart-tooltip").filter({ has: page.getByTestId("tooltip-difference") }).first()).toBeVisible();

  const rows = talkers.getByTestId("talker-row");
  await expect.poll(async () => (await rows.evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute("data-key")))).sort()).toEqual(LOOPING);
  for (let i = 0; i < 3; i++) await expect(rows.nth(i).getByTestId("talker-change")).toHaveText("new");
  // The steady names stay below them, about as common as the hour before.
  const steady = rows.nth(3);
  await expect(steady).toHaveAttribute("data-key", /^host-\d+\.svc\.example$/);
  expect(Number((await steady.getByTestId("talker-change").innerText()).replace("×", ""))).toBeLessThan(2);

  // As clients, the two resolvers are new: in the normal hour only the clients asked them.
  await talkers.getByLabel("Rank by").selectOption("client");
  await expect.poll(async () => (await rows.evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute("data-key")))).sort()).toEqual([A, B]);
  // As resolvers, A and B grew; C did not.
  await talkers.getByLabel("Rank by").selectOption("resolver");
  const keys = () => rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-key")));
  await expect.poll(async () => (await keys())[2]).toBe(C);
  expect((await keys()).slice(0, 2).sort()).toEqual([A, B]);
  await page.screenshot({ path: path.join(process.env.HINDSIGHT_SCREENSHOTS ?? "test-results/story", "09-top-talkers-baseline.png") });

  // A looping name, one click away from being the DNS panel's filter.
  await talkers.getByLabel("Rank by").selectOption("qname");
  await expect.poll(async () => LOOPING.includes((await rows.first().getAttribute("data-key")) ?? "")).toBe(true);
  const name = (await rows.first().getAttribute("data-key"))!;
  await rows.first().getByRole("button", { name, exact: true }).click();
  await expect.poll(() => params(page).get("dns.qname")).toBe(name);
  await expect(page.getByTestId("panel-dns").getByTestId("dns-filter")).toHaveText(`name ${name}`);
  await expect(rows.first().getByRole("button", { name, exact: true })).toHaveAttribute("aria-pressed", "true");
  expect(problems).toEqual([]);
});
