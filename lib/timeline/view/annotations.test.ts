import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, type TPanel } from "@/lib/timeline/view-state";
import { annotationsAt, annotationsForPanel, annotationsIn, fittedLabel, focusedIds, headline, viewForAnnotation, viewForHypothesis, withPanel, type TAnnotationMark } from "./annotations";
import { newPanel } from "./panels";

const H1 = "11111111-1111-4111-8111-111111111111";
const mark = (id: string, from: number, to: number, hypothesisId: string | null = null, panel: string | null = "flows"): TAnnotationMark => ({
  id, from, to, hypothesisId, panel, stance: "supports", text: "x", author: "Ana",
});

describe("annotations on the axis", () => {
  const list = [mark("b", 5000, 9000), mark("a", 1000, 1000), mark("c", 20_000, 30_000, H1)];

  it("keeps the ones touching a range, by start", () => {
    expect(annotationsIn(list, { from: 900, to: 6000 }).map((a) => a.id)).toEqual(["a", "b"]);
    expect(annotationsIn(list, { from: 9001, to: 19_999 })).toEqual([]);
  });

  it("finds ranges containing a time and points near it", () => {
    expect(annotationsAt(list, 7000, 0).map((a) => a.id)).toEqual(["b"]);
    expect(annotationsAt(list, 1040, 50).map((a) => a.id)).toEqual(["a"]);
    expect(annotationsAt(list, 1100, 50)).toEqual([]);
  });

  it("emphasises the focused annotation or every annotation of the focused hypothesis", () => {
    expect([...focusedIds({ kind: "annotation", id: "b" }, list)]).toEqual(["b"]);
    expect([...focusedIds({ kind: "hypothesis", id: H1 }, list)]).toEqual(["c"]);
    expect(focusedIds(null, list).size).toBe(0);
  });

  it("turns markdown into a one-line headline", () => {
    expect(headline("\n## SYN **storm** to [pod](http://x)\nmore")).toBe("SYN storm to pod");
    expect(headline("a".repeat(200), 10)).toBe(`${"a".repeat(9)}…`);
  });
});

describe("jump to", () => {
  const flows = newPanel("flows", []);
  const dns: TPanel = { ...newPanel("dns", [flows]), collapsed: true };

  it("pads the range, focuses the annotation and keeps an automatic layout automatic", () => {
    const v = viewForAnnotation(DEFAULT_VIEW, mark("a", 600_000, 600_000));
    expect(v.range).toEqual({ from: 300_000, to: 900_000 });
    expect(v.focus).toEqual({ kind: "annotation", id: "a" });
    expect(v.panels).toBeNull();
    expect(viewForAnnotation(DEFAULT_VIEW, mark("a", 0, 1_000_000)).range).toEqual({ from: -100_000, to: 1_100_000 });
  });

  it("shows the annotation's panel: expands it, or adds it when missing", () => {
    expect(withPanel([flows, dns], "dns")?.find((p) => p.id === "dns")?.collapsed).toBe(false);
    expect(withPanel([flows], "packets-2")?.map((p) => `${p.id}:${p.type}`)).toEqual(["flows:flows", "packets-2:packets"]);
    expect(withPanel([flows], "bogus")).toEqual([flows]);
    expect(withPanel([flows], null)).toEqual([flows]);
  });

  it("focuses a hypothesis on the span of its annotations", () => {
    const list = [mark("x", 100_000, 200_000, H1), mark("y", 400_000, 500_000, H1), mark("z", 0, 1, null)];
    const v = viewForHypothesis({ ...DEFAULT_VIEW, range: { from: 1, to: 2 } }, H1, list);
    expect(v.focus).toEqual({ kind: "hypothesis", id: H1 });
    expect(v.range).toEqual({ from: 60_000, to: 540_000 });
    expect(viewForHypothesis({ ...DEFAULT_VIEW, range: { from: 1, to: 2 } }, "none", list).range).toEqual({ from: 1, to: 2 });
  });
});

describe("annotationsForPanel and fittedLabel", () => {
  const mark = (id: string, panels?: string[]) => ({ id, from: 0, to: 10, stance: "context" as const, text: "**SYN storm** to 10.0.42.17", hypothesisId: null, panel: "flows", author: null, panels });
  it("keeps the annotations of every panel and those scoped to this one", () => {
    const list = [mark("all"), mark("none", []), mark("flows", ["flows"]), mark("dns", ["dns", "metric-x"])];
    expect(annotationsForPanel(list, "flows").map((a) => a.id)).toEqual(["all", "none", "flows"]);
    expect(annotationsForPanel(list, "metric-x").map((a) => a.id)).toEqual(["all", "none", "dns"]);
  });
  it("fits the headline to the width, or gives nothing when it cannot", () => {
    expect(fittedLabel("**SYN storm** to 10.0.42.17", 400)).toBe("SYN storm to 10.0.42.17");
    expect(fittedLabel("**SYN storm** to 10.0.42.17", 70)).toBe("SYN storm…");
    expect(fittedLabel("SYN storm", 20)).toBe("");
  });
});
