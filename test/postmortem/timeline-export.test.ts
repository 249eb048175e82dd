import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as markers from "@/app/api/incidents/[id]/markers/route";
import * as permalinks from "@/app/api/permalinks/route";
import { call } from "../http";
import { api, as, newIncident } from "../hypotheses/helpers";
import { uploadFiles } from "../uploads";
import { pm } from "./helpers";

const T0 = Date.UTC(2026, 2, 14, 9, 0, 0);

async function seedActivity(id: string) {
  const mark = (json: unknown) => call(markers.POST, { method: "POST", params: { id }, json });
  expect((await mark({ ts: T0 + 120_000, kind: "rollout", label: "deploy api v42" })).status).toBe(201);
  expect((await mark({ ts: T0 + 10_000, endTs: T0 + 60_000, kind: "job", label: "hadoop reverse lookups" })).status).toBe(201);
  const h = await api.createHypothesis(id, { title: "conntrack saturation" }, { headers: as("Ana") });
  await api.patchHypothesis(id, h.data.id, { status: "supported", reason: "SYN storm | at 09:01" }, { headers: as("Bo") });
  await api.createAnnotation(id, { from: T0 + 30_000, text: "SYNs to deleted pod IPs\nsecond line", stance: "supports" }, { headers: as("Cy") });
  return h.data;
}

describe("postmortem timeline and export", () => {
  it("lists markers, annotations and status changes in time order, as a markdown table", async () => {
    const id = await newIncident();
    const h = await seedActivity(id);
    const res = await pm.timeline(id);
    expect(res.status).toBe(200);
    const rows = res.data.rows as Array<{ at: number; kind: string; text: string }>;
    const ats = rows.map((r) => r.at);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    expect(rows.slice(0, 3)).toEqual([
      { at: T0 + 10_000, kind: "marker", text: "job: hadoop reverse lookups (until 2026-03-14 09:01:00)" },
      { at: T0 + 30_000, kind: "annotation", text: "[supports] SYNs to deleted pod IPs (Cy)" },
      { at: T0 + 120_000, kind: "marker", text: "rollout: deploy api v42" },
    ]);
    const statusRows = rows.filter((r) => r.kind === "hypothesis");
    expect(statusRows.map((r) => r.text)).toEqual(['Hypothesis "conntrack saturation" proposed (Ana)', 'Hypothesis "conntrack saturation" → supported: SYN storm | at 09:01 (Bo)']);
    expect(statusRows[0]!.at).toBe(h.createdAt);

    const md = res.data.markdown as string;
    expect(md.split("\n").slice(0, 3)).toEqual([
      "| Time (UTC) | Kind | Event |",
      "| --- | --- | --- |",
      "| 2026-03-14 09:00:10 | marker | job: hadoop reverse lookups (until 2026-03-14 09:01:00) |",
    ]);
    expect(md).toContain("SYN storm \\| at 09:01");
  });

  it("exports Markdown with the timeline rows and each embed as its URL plus the numbers it shows", async () => {
    const id = await newIncident("SYN storm");
    await seedActivity(id);
    // 3 SYN flows at +10 s, 12 at +20 s, and steady ACK traffic.
    const header = "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action tcp-flags log-status";
    const line = (sec: number, flags: number, i: number) => `5 eni-1 10.0.0.${1 + (i % 50)} 10.0.7.42 ${40000 + i} 443 6 1 60 ${sec} ${sec + 1} ACCEPT ${flags} OK`;
    const s0 = T0 / 1000;
    const lines = [
      ...Array.from({ length: 3 }, (_, i) => line(s0 + 10, 2, i)),
      ...Array.from({ length: 12 }, (_, i) => line(s0 + 20, 2, i + 3)),
      ...Array.from({ length: 30 }, (_, i) => line(s0 + i * 2, 18, i + 20)),
    ];
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "hindsight-pm-")), "flows.log");
    writeFileSync(file, [header, ...lines].join("\n") + "\n");
    const up = await uploadFiles(id, [file]);
    expect(up.status, JSON.stringify(up.data)).toBe(201);

    const link = await call(permalinks.POST, { method: "POST", path: "/api/permalinks", json: { incidentId: id, view: { query: `from=${T0}&to=${T0 + 60_000}&panels=flows` } } });
    expect(link.status).toBe(201);
    const slug = link.data.slug as string;
    const timeline = (await pm.timeline(id)).data.markdown as string;
    const doc = `# PM\n\n<!-- timeline:start -->\n${timeline}\n<!-- timeline:end -->\n\n![view](/p/${slug})\n\n\`\`\`\n![view](/p/${slug})\n\`\`\`\n`;
    expect((await pm.put(id, { markdown: doc, baseRevision: 0 })).status).toBe(200);

    const res = await pm.exportMd(id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/markdown");
    expect(res.headers.get("content-disposition")).toContain('filename="postmortem-syn-storm.md"');
    expect(res.text).toContain("| 2026-03-14 09:02:00 | marker | rollout: deploy api v42 |");
    expect(res.text).toContain(`**Timeline view:** [http://localhost/p/${slug}](http://localhost/p/${slug}) (2026-03-14 09:00:00 – 2026-03-14 09:01:00 UTC)`);
    expect(res.text).toContain("  - SYN: peak 12 flows per 1s at 2026-03-14 09:00:20 UTC");
    expect(res.text).toMatch(/ {2}- SYN-ACK: peak \d+ flows per 1s at 2026-03-14 09:00:\d\d UTC/);
    // Inside a code block the embed line stays as written.
    expect(res.text).toContain(`\`\`\`\n![view](/p/${slug})\n\`\`\``);
  });

  it("exports a dangling embed as its URL", async () => {
    const id = await newIncident();
    await pm.put(id, { markdown: "![view](/p/AAAAAAAAAA)", baseRevision: 0 });
    expect((await pm.exportMd(id)).text).toBe("**Timeline view:** http://localhost/p/AAAAAAAAAA (this permalink does not exist)");
  });
});
