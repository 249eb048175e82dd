import { describe, expect, it } from "vitest";
import { baselineRange, DEFAULT_VIEW, parseView, serializeView, ZView, type TPanel, type TView } from "./view-state";

const flows: TPanel = {
  id: "flows",
  type: "flows",
  collapsed: false,
  hidden: ["none", "other"],
  options: { groupBy: "direction", metric: "bytes" },
  filters: { dst: "10.0.0.0/8", port: 443, iface: "eni-0a1b" },
};
const metric: TPanel = {
  id: "metric-2",
  type: "metric",
  collapsed: true,
  hidden: ['pod="coredns-1"'],
  options: { name: "conntrack_count", agg: "max" },
  filters: { labels: { node: "ip-10-0-1-2", pod: "a&b=c" } },
};
const full: TView = {
  range: { from: 1_700_000_000_000, to: 1_700_000_900_000 },
  tz: "local",
  panels: [flows, { id: "dns", type: "dns", collapsed: false, hidden: [], options: { scale: "linear" }, filters: {} }, metric],
  focus: { kind: "annotation", id: "0b6f3c1e-9d2a-4c57-8e11-3f0a2b4c5d6e" },
  baseline: { shift: "-1d" },
};

describe("DNS panel filters", () => {
  it("round-trip through the URL and drop what is not valid", () => {
    const view = parseView("panels=dns&dns.resolver=10.0.0.53&dns.qname=svc-0.corp&dns.rcode=3&dns.qtype=x");
    expect(view.panels?.[0]?.filters).toEqual({ resolver: "10.0.0.53", qname: "svc-0.corp", rcode: 3 });
    expect(parseView(serializeView(view))).toEqual(view);
  });
});

describe("baseline", () => {
  it("reads a shift or a chosen range and drops anything else", () => {
    expect(parseView("baseline=-1h").baseline).toEqual({ shift: "-1h" });
    expect(parseView("baseline=1000..61000").baseline).toEqual({ from: 1000, to: 61000 });
    for (const bad of ["-2h", "61000..1000", "1000..", "x"]) expect(parseView(`baseline=${bad}`).baseline).toBeNull();
  });

  it("round-trips through the URL and gives the range it compares with", () => {
    const view = { ...DEFAULT_VIEW, baseline: { from: 1000, to: 61000 } };
    expect(serializeView(view)).toBe("baseline=1000..61000");
    expect(parseView(serializeView(view))).toEqual(view);
    expect(baselineRange({ shift: "-7d" }, { from: 7 * 86_400_000, to: 7 * 86_400_000 + 5 })).toEqual({ from: 0, to: 5 });
    expect(baselineRange({ from: 1, to: 2 }, { from: 100, to: 200 })).toEqual({ from: 1, to: 2 });
  });
});

describe("parseView", () => {
  it("reads the focused annotation or hypothesis and ignores malformed ones", () => {
    const id = "0B6F3C1E-9D2A-4C57-8E11-3F0A2B4C5D6E";
    expect(parseView(`focus=a:${id}`).focus).toEqual({ kind: "annotation", id: id.toLowerCase() });
    expect(parseView(`focus=h:${id}`).focus).toEqual({ kind: "hypothesis", id: id.toLowerCase() });
    for (const q of ["focus=x:" + id, "focus=a:123", "focus=a:", "focus=" + id]) expect(parseView(q).focus).toBeNull();
  });

  it("gives the default view for an empty query", () => {
    expect(parseView("")).toEqual(DEFAULT_VIEW);
  });

  it("reads from/to as epoch ms or ISO", () => {
    expect(parseView("from=1000&to=61000").range).toEqual({ from: 1000, to: 61000 });
    expect(parseView("from=2024-05-01T12:00:00Z&to=2024-05-01T12:15:00.000Z").range).toEqual({
      from: Date.UTC(2024, 4, 1, 12),
      to: Date.UTC(2024, 4, 1, 12, 15),
    });
  });

  it("falls back to the evidence range for a missing, unparseable or backwards range", () => {
    for (const q of ["from=1000", "to=5000", "from=abc&to=5000", "from=5000&to=1000", "from=5000&to=5000", "from=&to="]) {
      expect(parseView(q).range).toBeNull();
    }
  });

  it("drops unknown and duplicate panel ids and keeps the order", () => {
    const v = parseView("panels=dns,bogus,flows,dns,metric-x,Flows,flows-2,metric-");
    expect(v.panels?.map((p) => p.id)).toEqual(["dns", "flows", "metric-x", "flows-2"]);
  });

  it("distinguishes no panels parameter (automatic layout) from an empty list", () => {
    expect(parseView("from=1&to=2").panels).toBeNull();
    expect(parseView("panels=").panels).toEqual([]);
  });

  it("replaces invalid options with defaults instead of failing", () => {
    const [p] = parseView("panels=flows&flows.group=nope&flows.metric=furlongs&flows.port=99999&flows.src=not-an-ip&flows.dst=10.1.2.3").panels!;
    expect(p).toMatchObject({ type: "flows", options: { groupBy: "flag", metric: "flows" }, filters: { dst: "10.1.2.3" } });
    expect(p?.type === "flows" && p.filters.port).toBeUndefined();
    expect(p?.type === "flows" && p.filters.src).toBeUndefined();
  });

  it("reads metric label filters and repeated hide parameters", () => {
    const [p] = parseView("panels=metric&metric.name=up&metric.l.job=node&metric.l.bad-label=x&metric.hide=a&metric.hide=b&metric.hide=a").panels!;
    expect(p).toMatchObject({ options: { name: "up", agg: "avg" }, filters: { labels: { job: "node" } }, hidden: ["a", "b"] });
  });

  it("never throws on garbage", () => {
    for (const q of ["%%%", "panels=,,,", "from=1e400&to=2e400", "tz=mars", "panels=flows&flows.hide=", "panels=" + "flows,".repeat(500)]) {
      expect(() => parseView(q)).not.toThrow();
    }
    expect(parseView("tz=mars").tz).toBe("utc");
  });
});

describe("serializeView", () => {
  it("round-trips the whole view", () => {
    expect(parseView(serializeView(full))).toEqual(full);
  });

  it("writes nothing for the default view and only non-default options", () => {
    expect(serializeView(DEFAULT_VIEW)).toBe("");
    const q = serializeView({ range: null, tz: "utc", focus: null, baseline: null, panels: [{ id: "flows", type: "flows", collapsed: false, hidden: [], options: { groupBy: "flag", metric: "flows" }, filters: {} }] });
    expect(q).toBe("panels=flows");
  });

  it("keeps CIDRs and panel lists readable and escapes what must be escaped", () => {
    const q = serializeView(full);
    expect(q).toContain("panels=flows,dns,metric-2");
    expect(q).toContain("flows.dst=10.0.0.0/8");
    expect(q).toContain("metric-2.l.pod=a%26b%3Dc");
    expect(q.startsWith("from=1700000000000&to=1700000900000&tz=local")).toBe(true);
  });

  it("keeps parameters it does not own and replaces the ones it does", () => {
    const q = serializeView({ ...DEFAULT_VIEW, range: { from: 5, to: 10 } }, "from=1&to=2&hyp=abc&flows.group=action&panels=flows");
    expect(q).toBe("from=5&to=10&hyp=abc");
  });
});

describe("ZView (the permalink form)", () => {
  it("accepts a view as JSON and cleans bad panels", () => {
    const json = JSON.parse(JSON.stringify({ ...full, panels: [...full.panels!, { id: "nope", type: "flows" }, flows] }));
    expect(ZView.parse(json)).toEqual(full);
  });

  it("falls back field by field", () => {
    expect(ZView.parse({ range: { from: 10, to: 5 }, tz: 3, panels: "x" })).toEqual(DEFAULT_VIEW);
  });
});
