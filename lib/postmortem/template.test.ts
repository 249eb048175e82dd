import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/markdown/render-markdown";
import { postmortemTemplate, TEMPLATE_SECTIONS } from "./template";
import { replaceTimelineBlock, TIMELINE_END, TIMELINE_START, timelineTable } from "./timeline-block";

describe("postmortem template", () => {
  it("has every section in order, an empty timeline block and an action-item table", () => {
    const md = postmortemTemplate("DNS errors\nduring rollouts");
    expect(md.startsWith("# Postmortem: DNS errors during rollouts\n")).toBe(true);
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([...TEMPLATE_SECTIONS]);
    expect(md).toContain(`${TIMELINE_START}\n${TIMELINE_END}`);
    expect(md).toContain("| Action | Owner | Due date | Status |");
    expect(renderMarkdown(md)).toContain("<th>Owner</th>");
  });
});

describe("timeline block", () => {
  const table = timelineTable([{ at: Date.UTC(2026, 0, 2, 3, 4, 5), kind: "marker", text: "a | b\nc" }]);

  it("escapes cells and formats UTC times", () => {
    expect(table.split("\n")[2]).toBe("| 2026-01-02 03:04:05 | marker | a \\| b c |");
    expect(timelineTable([])).toContain("No markers");
  });

  it("replaces only the block, or adds one under the Timeline heading or at the end", () => {
    const doc = `intro\n${TIMELINE_START}\nold\n${TIMELINE_END}\nafter edited`;
    expect(replaceTimelineBlock(doc, table)).toBe(`intro\n${TIMELINE_START}\n${table}\n${TIMELINE_END}\nafter edited`);
    expect(replaceTimelineBlock("## Timeline\nnotes", "T")).toBe(`## Timeline\n\n${TIMELINE_START}\nT\n${TIMELINE_END}\n\nnotes`);
    expect(replaceTimelineBlock("# x\n", "T")).toBe(`# x\n\n## Timeline\n\n${TIMELINE_START}\nT\n${TIMELINE_END}\n`);
  });
});
