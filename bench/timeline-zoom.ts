// Benchmark: the incident page in a real browser. Starts the production build the way
// bench/lib.ts does (its own data folder and ports), loads the demo incident ("it wasn't DNS":
// flows, a DNS capture, a Prometheus export and rollout events → markers) through the upload API,
// then opens the incident with six panels at 1920×1080 in the system Chromium and measures, per run
// (each run a fresh browser context, so no HTTP or query cache carries over):
//   - time to interactive: navigation start → domInteractive, and → all six panels drawn with data;
//   - zoom, new data: drag-select on the flows chart → all six panels redrawn on the new range
//     with the previous data (placeholder), and → all six redrawn with the data fetched for it;
//   - zoom, cached data: browser back to the whole-evidence range → all six redrawn (no fetch).
// "Drawn" = the panel's chart SVG is in the DOM for the expected domain (`.tl-charts`
// data-domain-from/to), no loading or error state, and — where data must be current — the panel's
// `data-fetching="false"` (panel-shell.tsx); timed at the next animation frame after the DOM commit.
//
//   npx tsx bench/timeline-zoom.ts [--runs 10] [--data bench/out/zoom-data]
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { loadDemo } from "../scripts/demo-loader";
import { BASE, getJson, loadAverage, machine, percentile, startServer, stopServer } from "./lib";

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" }, data: { type: "string", default: "bench/out/zoom-data" } } });
const runs = Number(values.runs);
const dataDir = path.resolve(values.data!);
mkdirSync(dataDir, { recursive: true });

const PANELS = {
  panels: "flows,flows-2,packets,dns,metric,metric-2",
  "flows-2.group": "direction",
  "flows-2.metric": "bytes",
  "metric.name": "node_nf_conntrack_entries",
  "metric-2.name": "node_ethtool_conntrack_allowance_exceeded",
};

/**
 * Installed before any page script: `__watch(want)` resolves when every panel is drawn as asked;
 * `__pointerUp` is when the last pointer was released. Plain JavaScript in a string: functions
 * compiled by tsx carry helpers (`__name`) that do not exist in the page.
 */
const INSTRUMENT = `(() => {
  const drawn = (want) => {
    if (want.notSearch !== undefined && location.search === want.notSearch) return false;
    const q = new URLSearchParams(location.search);
    const panels = [...document.querySelectorAll("section.tl-panel")];
    if (panels.length !== 6) return false;
    const domains = new Set();
    for (const p of panels) {
      const charts = p.querySelector(".tl-charts");
      if (!charts || !p.querySelector("[data-testid=chart] svg path")) return false;
      if (p.querySelector("[data-testid=panel-loading], [data-testid=panel-error]")) return false;
      if (want.settled && p.getAttribute("data-fetching") !== "false") return false;
      domains.add(charts.getAttribute("data-domain-from") + "-" + charts.getAttribute("data-domain-to"));
    }
    if (domains.size !== 1) return false;
    if (want.domain !== undefined && !domains.has(want.domain)) return false;
    // A zoomed view names its range in the URL: every panel must be drawn on exactly that range.
    return !q.get("from") || domains.has(q.get("from") + "-" + q.get("to"));
  };
  window.__watch = (want) => new Promise((resolve) => {
    const observer = new MutationObserver(() => check());
    const check = () => {
      if (!drawn(want)) return false;
      observer.disconnect();
      const commit = performance.now();
      requestAnimationFrame(() => setTimeout(() => resolve({ commit, frame: performance.now() })));
      return true;
    };
    if (!check()) observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  window.__pointerUp = 0;
  window.addEventListener("pointerup", () => { window.__pointerUp = performance.now(); }, true);
})();`;

type Watch = { __watch: (want: { notSearch?: string; domain?: string; settled: boolean }) => Promise<{ commit: number; frame: number }>; __pointerUp: number };

type Sample = Record<string, number>;

async function dragAcross(page: Page, fromFraction: number, toFraction: number) {
  const box = (await page.getByTestId("panel-flows").getByTestId("chart-overlay").first().boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * fromFraction, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * toFraction, y, { steps: 4 });
  await page.mouse.up();
}

const seriesRequests = (page: Page, since: number) =>
  page.evaluate((t) => performance.getEntriesByType("resource").filter((e) => e.name.includes("/series/") && e.startTime >= t).map((e) => e.duration), since);

async function oneRun(page: Page, url: string, i: number): Promise<Sample> {
  const s: Sample = {};
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => typeof (window as unknown as Partial<Watch>).__watch === "function");
  const loaded = await page.evaluate(() => (window as unknown as Watch).__watch({ settled: true }));
  const nav = await page.evaluate(() => JSON.parse(JSON.stringify(performance.getEntriesByType("navigation")[0])) as PerformanceNavigationTiming);
  s.domInteractive = nav.domInteractive;
  s.domContentLoaded = nav.domContentLoadedEventEnd;
  s.allDrawn = loaded.frame;
  s.loadRequests = (await seriesRequests(page, 0)).length;
  const whole = await page.evaluate(() => {
    const charts = document.querySelector(".tl-charts")!;
    return `${charts.getAttribute("data-domain-from")}-${charts.getAttribute("data-domain-to")}`;
  });

  // Zoom by dragging across the flows chart (a different range every run): new data.
  const before = await page.evaluate(() => location.search);
  const placeholder = page.evaluate((b) => (window as unknown as Watch).__watch({ notSearch: b, settled: false }), before);
  const fresh = page.evaluate((b) => (window as unknown as Watch).__watch({ notSearch: b, settled: true }), before);
  await page.waitForTimeout(50);
  const a = 0.25 + (i % 5) * 0.03;
  await dragAcross(page, a, a + 0.3);
  const [p, f] = await Promise.all([placeholder, fresh]);
  const up = await page.evaluate(() => (window as unknown as Watch).__pointerUp);
  s.zoomPlaceholder = p.frame - up;
  s.zoomFresh = f.frame - up;
  const zoomRequests = await seriesRequests(page, up);
  s.zoomRequests = zoomRequests.length;
  s.zoomRequestMax = Math.max(...zoomRequests);

  // Back to the whole evidence: every panel's data for it is still cached (staleTime 30 s).
  const zoomed = await page.evaluate(() => location.search);
  const back = await page.evaluate(async ({ z, whole }) => {
    const done = (window as unknown as Watch).__watch({ notSearch: z, domain: whole, settled: true });
    const t0 = performance.now();
    history.back();
    const r = await done;
    return { t: r.frame - t0, t0 };
  }, { z: zoomed, whole });
  s.backCached = back.t;
  s.backRequests = (await seriesRequests(page, back.t0)).length;
  return s;
}

const server = await startServer(dataDir);
try {
  const incident = await loadDemo(BASE, dataDir);
  const evidence = await getJson<{ range: { from: number; to: number } }>(`${BASE}/api/incidents/${incident}/evidence`);
  const url = `${BASE}/incidents/${incident}?${new URLSearchParams(PANELS)}`;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--disable-component-update", "--disable-sync"],
  });
  const samples: Sample[] = [];
  const loads: string[] = [];
  try {
    // One untimed visit warms the server (route compilation caches, PostgreSQL buffers).
    for (let i = -1; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      await context.addInitScript({ content: INSTRUMENT });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(e.message));
      const s = await oneRun(page, url, i);
      await context.close();
      if (problems.length) throw new Error(`page errors: ${problems.join("; ")}`);
      if (i < 0) continue;
      samples.push(s);
      loads.push(loadAverage());
      console.log(`run ${i + 1}: ${Object.entries(s).map(([k, v]) => `${k} ${Math.round(v)}`).join(", ")}`);
    }
  } finally {
    await browser.close();
  }
  const row = (label: string, key: string) => {
    const xs = samples.map((s) => s[key]!);
    return `| ${label} | ${percentile(xs, 0.5).toFixed(0)} ms | ${percentile(xs, 0.9).toFixed(0)} ms |`;
  };
  const span = (evidence.range.to - evidence.range.from) / 60_000;
  console.log(`\n${machine()}, ${new Date().toISOString().slice(0, 10)}, Chromium (headless) 1920×1080, six panels, ${runs} runs, ` +
    `demo incident (${span.toFixed(0)} min of evidence), load average (1 min) per run: ${loads.join(", ")}`);
  console.log("| measurement | p50 | p90 |\n|---|---|---|");
  console.log(row("navigation → domInteractive", "domInteractive"));
  console.log(row("navigation → DOMContentLoaded", "domContentLoaded"));
  console.log(row("navigation → all six panels drawn with data", "allDrawn"));
  console.log(row("zoom (drag) → six panels redrawn on the new range, previous data", "zoomPlaceholder"));
  console.log(row("zoom (drag) → six panels redrawn with new data fetched", "zoomFresh"));
  console.log(row("  slowest series request of that zoom", "zoomRequestMax"));
  console.log(row("back to the previous range → six panels redrawn, cached data", "backCached"));
  console.log(`series requests per load / zoom / back: ${samples[0]?.loadRequests} / ${samples[0]?.zoomRequests} / ${samples[0]?.backRequests}`);
} finally {
  await stopServer(server);
}
