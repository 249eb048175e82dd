import { describe, expect, it } from "vitest";
import { isEmptyData, logDomain, rowAt, toCsv, type TChartData } from "./chart-data";
import { laneRows, markersAt, markersIn, type TMarker } from "./markers";
import { relevantMetrics, defaultPanels, movePanel, newPanel, nextPanelId, toggleHidden } from "./panels";
import { rangePresets } from "./presets";

/** The API's columns, drawn as they come. */
const data: TChartData = {
  from: 0,
  to: 30_000,
  step: 10_000,
  t: [0, 10_000, 20_000],
  series: [
    { key: "syn", label: "SYN", unit: "flows", values: [1, 50, 0] },
    { key: "p99", label: "p99, \"ms\"", unit: "ms", values: [5, null, 5000] },
  ],
};
/** Only some of the buckets, with their values. */
const only = (d: TChartData, indices: number[]): TChartData => ({ ...d, t: indices.map((i) => d.t[i]!), series: d.series.map((s) => ({ ...s, values: indices.map((i) => s.values[i]!) })) });

describe("chart data", () => {
  it("turns series into rows of {t, values}", () => {
    expect(data.t.map((t) => rowAt(data, t))).toEqual([
      { t: 0, values: { syn: 1, p99: 5 } },
      { t: 10_000, values: { syn: 50, p99: null } },
      { t: 20_000, values: { syn: 0, p99: 5000 } },
    ]);
  });

  it("finds the bucket containing a time", () => {
    expect(rowAt(data, 15_000)?.t).toBe(10_000);
    expect(rowAt(data, 10_000)?.t).toBe(10_000);
    expect(rowAt(data, 29_999)?.t).toBe(20_000);
    expect(rowAt(data, 30_000)).toBeNull();
    expect(rowAt(data, -1)).toBeNull();
    expect(rowAt(only(data, [0, 2]), 25_000)?.t).toBe(20_000);
  });

  it("knows when nothing is there", () => {
    expect(isEmptyData(data)).toBe(false);
    expect(isEmptyData({ ...data, series: data.series.map((s) => ({ ...s, values: s.values.map(() => (s.key === "syn" ? 0 : null)) })) })).toBe(true);
  });

  it("puts log bounds on powers of ten", () => {
    expect(logDomain(data, ["p99"])).toEqual([1, 10_000]);
    expect(logDomain(data, [])).toBeNull();
  });

  it("writes CSV with quoted labels", () => {
    expect(toCsv(data).split("\n").slice(0, 3)).toEqual([
      'time_utc,t_ms,SYN (flows),"p99, ""ms"" (ms)"',
      "1970-01-01 00:00:00,0,1,5",
      "1970-01-01 00:00:10,10000,50,",
    ]);
  });
});

describe("markers", () => {
  const ms: TMarker[] = [
    { id: "a", ts: 1000, endTs: 5000, kind: "rollout", label: "deploy api", source: null },
    { id: "b", ts: 9000, endTs: null, kind: "event", label: "restart", source: null },
  ];
  it("finds markers under a time", () => {
    expect(markersAt(ms, 3000, 0).map((m) => m.id)).toEqual(["a"]);
    expect(markersAt(ms, 9100, 200).map((m) => m.id)).toEqual(["b"]);
    expect(markersAt(ms, 7000, 200)).toEqual([]);
  });
  it("keeps markers touching a range", () => {
    expect(markersIn(ms, { from: 4000, to: 8000 }).map((m) => m.id)).toEqual(["a"]);
  });
  it("stacks overlapping labels into rows", () => {
    const rows = laneRows([...ms, { ...ms[1]!, id: "c", ts: 9001 }], (t) => t / 10, 3);
    expect(rows.get("b")?.row).not.toBe(rows.get("c")?.row);
  });
  it("shows a marker without a label when every row is taken at its place", () => {
    const crowd = Array.from({ length: 5 }, (_, i) => ({ ...ms[0]!, id: `m${i}`, ts: 3000 + i * 10, endTs: null }));
    const rows = laneRows(crowd, (t) => t / 10, 3);
    expect(["m0", "m1", "m2"].map((id) => rows.get(id)?.crowded)).toEqual([undefined, undefined, undefined]);
    expect(["m3", "m4"].map((id) => rows.get(id)?.crowded)).toEqual([true, true]);
  });
  it("flips a label that would run off the end", () => {
    const rows = laneRows(ms, (t) => t / 10, 3, 920);
    const b = rows.get("b")!;
    expect(b).toMatchObject({ row: 0, flip: true });
    expect(b.left + b.width).toBe(900);
    expect(rows.get("a")?.flip).toBe(false);
  });
  it("shortens the label before a marker rather than hiding the marker", () => {
    const three = ["a", "b", "c"].map((id, i) => ({ id, ts: i * 1000, endTs: null, kind: "event", label: "a rather long label", source: null }));
    const rows = laneRows([...three, { id: "d", ts: 700, endTs: null, kind: "event", label: "late", source: null }], (t) => t / 10, 1);
    expect(rows.get("d")).toMatchObject({ row: 0, left: 70 });
    expect(rows.get("a")!.width).toBe(70 - 4);
    // Too close to "late" for even a short label: only its tick.
    expect(rows.get("b")!.crowded).toBe(true);
    expect(rows.get("c")).toMatchObject({ row: 0, left: 200 });
    expect(rows.get("c")!.crowded).toBeUndefined();
  });
  it("never lets two labels of a row overlap, however crowded the lane", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const markers: TMarker[] = Array.from({ length: 5 + Math.floor(rand() * 60) }, (_, i) => {
        const ts = Math.floor(rand() * 100_000);
        return { id: `m${i}`, ts, endTs: rand() < 0.3 ? ts + Math.floor(rand() * 20_000) : null, kind: "event", label: "x".repeat(1 + Math.floor(rand() * 50)), source: null };
      });
      const places = laneRows(markers, (t) => t / 100, 3, 1000);
      const byRow = new Map<number, Array<{ left: number; width: number }>>();
      for (const p of places.values()) if (!p.crowded) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p]);
      expect(places.size).toBe(markers.length);
      for (const boxes of byRow.values()) {
        boxes.sort((a, b) => a.left - b.left);
        for (let i = 1; i < boxes.length; i++) expect(boxes[i - 1]!.left + boxes[i - 1]!.width).toBeLessThanOrEqual(boxes[i]!.left);
        for (const box of boxes) expect(box.width).toBeGreaterThanOrEqual(20);
      }
    }
  });
});

describe("panels", () => {
  it("chooses panels from the evidence present", () => {
    expect(defaultPanels({ flows: 0, captures: 0, metrics: 0, markers: 2 })).toEqual([]);
    expect(defaultPanels({ flows: 1, captures: 2, metrics: 1, markers: 0 }).map((p) => p.id)).toEqual(["flows", "packets", "dns", "metric"]);
    const metrics = defaultPanels({ flows: 0, captures: 0, metrics: 1, markers: 0 }, ["conntrack", "requests_total"]);
    // A counter is drawn as a rate, a gauge as its value.
    expect(metrics.map((p) => [p.id, p.type === "metric" && p.options.name, p.type === "metric" && p.options.agg])).toEqual([["metric", "conntrack", "avg"], ["metric-2", "requests_total", "rate"]]);
  });
  it("puts the metrics the findings name first, then the ones that moved most", () => {
    const byChange = ["memory", "rejects_total", "conntrack_entries", "limit", "allowance_exceeded"];
    expect(relevantMetrics(byChange, ["allowance_exceeded", "conntrack_entries", "allowance_exceeded", "gone"])).toEqual(["allowance_exceeded", "conntrack_entries", "memory"]);
    expect(relevantMetrics(byChange, [])).toEqual(["memory", "rejects_total", "conntrack_entries"]);
  });
  it("numbers new ids and moves panels", () => {
    const ps = [newPanel("flows", []), newPanel("dns", [])];
    expect(nextPanelId("flows", ps)).toBe("flows-2");
    expect(movePanel(ps, "dns", -1).map((p) => p.id)).toEqual(["dns", "flows"]);
    expect(movePanel(ps, "dns", 1)).toBe(ps);
  });
  it("toggles and solos legend entries", () => {
    expect(toggleHidden([], "syn", ["syn", "rst"], false)).toEqual(["syn"]);
    expect(toggleHidden(["syn"], "syn", ["syn", "rst"], false)).toEqual([]);
    expect(toggleHidden([], "syn", ["syn", "rst", "fin"], true)).toEqual(["rst", "fin"]);
    expect(toggleHidden(["rst", "fin"], "syn", ["syn", "rst", "fin"], true)).toEqual([]);
  });
});

describe("presets", () => {
  it("offers ranges relative to the evidence, the window and markers", () => {
    const p = rangePresets({
      evidence: { from: 0, to: 2 * 3_600_000 },
      window: { from: 600_000, to: 1_200_000 },
      markers: [{ id: "m", ts: 1_000_000, endTs: null, kind: "event", label: "rollout", source: null }],
    });
    expect(p.map((x) => x.label)).toEqual(["Whole evidence range", "First 15m", "Last 15m", "First 1h", "Last 1h", "Incident window", "±5m around rollout"]);
    expect(p.at(-1)?.range).toEqual({ from: 700_000, to: 1_300_000 });
  });
});

describe("CSV export of hostile names", () => {
  it("quotes series names a spreadsheet would run as formulas, and leaves numbers alone", () => {
    const hostile: TChartData = {
      from: 0, to: 1000, step: 1000, t: [0],
      series: [
        { key: "a", label: "=cmd|' /C calc'!A0", unit: "", values: [-1] },
        { key: "b", label: "@SUM(A1)", unit: "x", values: [2] },
        { key: "c", label: "conntrack", unit: "", values: [3] },
      ],
    };
    const [head, row] = toCsv(hostile).split("\n");
    expect(head).toBe(`time_utc,t_ms,'=cmd|' /C calc'!A0 (),'@SUM(A1) (x),conntrack ()`);
    expect(row!.split(",").slice(2)).toEqual(["-1", "2", "3"]);
  });
});
