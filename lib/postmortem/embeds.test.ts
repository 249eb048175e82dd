import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/markdown/render-markdown";
import { embedLine, slugFrom, splitEmbeds } from "./embeds";
import { summarizePanel } from "./embed-numbers";
import { embedRequest, embedView } from "./embed-panels";

/** Renders a postmortem the way the preview does: markdown runs through the sanitizer. */
const render = (md: string) => splitEmbeds(md).map((s) => (s.type === "embed" ? `[embed ${s.slug}]` : renderMarkdown(s.text))).join("");

describe("postmortem embeds", () => {
  it("finds embed lines and leaves everything else to markdown", () => {
    expect(splitEmbeds(`# A\ntext\n${embedLine("Ab3dE6gH9k")}\nmore\n  ![view](https://h.example/p/ZZZZZZZZ)  `)).toEqual([
      { type: "markdown", text: "# A\ntext" },
      { type: "embed", slug: "Ab3dE6gH9k" },
      { type: "markdown", text: "more" },
      { type: "embed", slug: "ZZZZZZZZ" },
    ]);
  });

  it("ignores embeds in code blocks and drops the timeline comments", () => {
    const md = "```\n![view](/p/Ab3dE6gH9k)\n<!-- timeline:start -->\n```\n<!-- timeline:start -->\n| a |\n<!-- timeline:end -->";
    expect(splitEmbeds(md)).toEqual([{ type: "markdown", text: "```\n![view](/p/Ab3dE6gH9k)\n<!-- timeline:start -->\n```\n| a |" }]);
  });

  it("reads slugs from permalink URLs and bare slugs only", () => {
    expect(slugFrom("http://localhost:3000/p/Ab3dE6gH9k")).toBe("Ab3dE6gH9k");
    expect(slugFrom(" Ab3dE6gH9k ")).toBe("Ab3dE6gH9k");
    for (const bad of ["javascript:alert(1)", "/p/javascript:alert(1)", '"><script>', "/p/short", "/p/Ab3dE6gH9k?x=1"]) expect(slugFrom(bad)).toBeNull();
  });

  it("keeps hostile embed syntax inert", () => {
    const hostile = [
      '{{view:"><script>alert(1)</script>}}',
      "![view](/p/javascript:alert(1))",
      "![view](javascript:alert(1))",
      '![view](/p/Ab3dE6gH9k"><img src=x onerror=alert(1)>)',
      "[view](/p/Ab3dE6gH9k) [x](javascript:alert(1)) [y](data:text/html,<script>alert(1)</script>)",
      '<iframe src="https://evil.example"></iframe><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>',
      "<script>alert(1)</script>\n\n<svg onload=alert(1)>",
    ];
    for (const md of hostile) {
      const segments = splitEmbeds(md);
      expect(segments.every((s) => s.type === "markdown"), md).toBe(true);
      const html = render(md);
      // Real tags only: escaped text (`&#x3C;img onerror=…`) is harmless.
      const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
      for (const tag of tags) expect(tag, md).not.toMatch(/^<(script|iframe|svg|object|embed|style)|\son\w+\s*=|(href|src)="\s*(javascript|data|vbscript):/i);
    }
    expect(render("![view](/p/javascript:alert(1))")).toContain('src="/p/javascript:alert(1)"');
  });

  it("renders the markdown around embeds sanitized, and the embed itself only from a valid slug", () => {
    const html = render(`<b>x</b> **bold**\n\n${embedLine("Ab3dE6gH9k")}\n\n| a | b |\n| - | - |\n| <script>1</script> | 2 |`);
    expect(html).toContain("&#x3C;b>x&#x3C;/b> <strong>bold</strong>");
    expect(html).toContain("[embed Ab3dE6gH9k]");
    expect(html).toContain("<table>");
    expect(html).not.toContain("<script>");
  });
});

describe("embedView", () => {
  it("reads range and panels from the view's query", () => {
    const v = embedView({ query: "?from=1000&to=61000&panels=flows,dns,metric-c&flows.group=direction&flows.dst=10.0.0.0/8&metric-c.name=conntrack&metric-c.l.node=a" });
    expect(v.range).toEqual({ from: 1000, to: 61000 });
    expect(v.panels.map((p) => [p.spec.kind, embedRequest(p, null).filters])).toEqual([
      ["flows", { groupBy: "direction", metric: "flows", dst: "10.0.0.0/8" }],
      ["dns", {}],
      ["metrics", { node: "a", name: "conntrack", agg: "avg" }],
    ]);
  });

  it("keeps the view's baseline, and the export writes the baseline's peak beside each series", () => {
    const v = embedView({ query: "from=7200000&to=7260000&panels=flows&baseline=-1h" });
    expect(v.baseline).toEqual({ shift: "-1h" });
    const res = { from: 7_200_000, to: 7_260_000, step: 30_000, t: [7_200_000, 7_230_000], series: [{ key: "syn", label: "SYN", unit: "", values: [40, 90] }] };
    const base = { ...res, from: 3_600_000, to: 3_660_000, t: [3_600_000, 3_630_000], series: [{ key: "syn", label: "SYN", unit: "", values: [3, 5] }] };
    expect(summarizePanel(v.panels[0]!, res, { res: base, label: "1h before" })).toEqual([
      "- Flows by flag",
      "  - SYN: peak 90  per 30s at 1970-01-01 02:00:30 UTC (baseline, 1h before: peak 5)",
    ]);
    expect(embedView({ query: "panels=flows" }).baseline).toBeNull();
  });

  it("defaults to one flows-by-flag panel", () => {
    for (const view of [{}, { query: 42 }, { query: "from=1&to=2" }, { query: "panels=metric" }]) {
      expect(embedView(view).panels.map((p) => [p.spec.kind, embedRequest(p, null).filters])).toEqual([["flows", { groupBy: "flag", metric: "flows" }]]);
    }
  });
});
