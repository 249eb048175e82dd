import { chromium } from "@playwright/test";
const [url, out, w = "1440", h = "900", full = "0"] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const p = await b.newPage({ viewport: { width: +w, height: +h } });
await p.goto(url);
await p.waitForTimeout(6000);
await p.screenshot({ path: out, fullPage: full === "1" });
console.log(await p.evaluate(() => document.documentElement.scrollHeight));
await b.close();
