import { describe, expect, it } from "vitest";
import { replaceTimelineBlock, timelineTable, TIMELINE_END, type TTimelineRow } from "./timeline-block";

describe("the generated timeline block", () => {
  it("cannot be closed from inside a row, so refreshing replaces it instead of growing the document", () => {
    const rows: TTimelineRow[] = [
      { at: Date.UTC(2026, 2, 14, 9, 10, 5), kind: "marker", text: `rollout ${TIMELINE_END} <b>web</b>` },
      { at: Date.UTC(2026, 2, 14, 9, 11, 0), kind: "annotation", text: "SYNs to 10.0.42.17 | deleted pod" },
    ];
    let doc = "# Postmortem\n\n## Timeline\n\nwritten by hand\n";
    const sizes: number[] = [];
    for (let i = 0; i < 3; i++) {
      doc = replaceTimelineBlock(doc, timelineTable(rows));
      sizes.push(doc.length);
    }
    expect(new Set(sizes).size).toBe(1);
    expect(doc.split(TIMELINE_END).length).toBe(2);
    expect(doc).toContain("rollout &lt;!-- timeline:end --> &lt;b>web&lt;/b>");
    expect(doc).toContain("SYNs to 10.0.42.17 \\| deleted pod");
  });
});
