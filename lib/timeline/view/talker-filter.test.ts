import { describe, expect, it } from "vitest";
import type { TPanel } from "@/lib/timeline/view-state";
import { describeFilter, talkerFilter, withFlowFilter } from "./talker-filter";

const flows: TPanel = { id: "flows", type: "flows", collapsed: false, hidden: ["none"], options: { groupBy: "action", metric: "packets" }, filters: { port: 22 } };
const dns: TPanel = { id: "dns", type: "dns", collapsed: false, hidden: [], options: { scale: "log" }, filters: {} };

describe("talkerFilter", () => {
  it("turns each kind of row into the flows panel's filter", () => {
    expect(talkerFilter("dst", "10.0.0.9")).toEqual({ dst: "10.0.0.9" });
    expect(talkerFilter("src", "fd00::1")).toEqual({ src: "fd00::1" });
    expect(talkerFilter("pair", "10.0.0.1 -> 10.0.0.9")).toEqual({ src: "10.0.0.1", dst: "10.0.0.9" });
    expect(talkerFilter("port", "443")).toEqual({ port: 443 });
    expect(talkerFilter("interface", "eni-0a1b")).toEqual({ iface: "eni-0a1b" });
  });

  it("has no filter for protocols, unknown interfaces or odd keys", () => {
    expect(talkerFilter("protocol", "6")).toBeNull();
    expect(talkerFilter("interface", "unknown")).toBeNull();
    expect(talkerFilter("pair", "10.0.0.1")).toBeNull();
    expect(talkerFilter("port", "unknown")).toBeNull();
  });
});

describe("withFlowFilter", () => {
  it("replaces the first flows panel's filters and keeps its options", () => {
    const out = withFlowFilter([dns, flows], { dst: "10.0.0.9" });
    expect(out).toEqual([dns, { ...flows, filters: { dst: "10.0.0.9" } }]);
  });

  it("adds a flows panel when asked, or when there is none", () => {
    const added = withFlowFilter([flows, dns], { src: "10.0.0.1" }, true);
    expect(added.map((p) => p.id)).toEqual(["flows", "dns", "flows-2"]);
    expect(added[2]).toMatchObject({ type: "flows", filters: { src: "10.0.0.1" }, options: { groupBy: "flag", metric: "flows" } });
    expect(withFlowFilter([dns], { port: 53 }).map((p) => p.id)).toEqual(["dns", "flows"]);
  });

  it("describes a filter for a label", () => {
    expect(describeFilter({ src: "10.0.0.1", dst: "10.0.0.9" })).toBe("src 10.0.0.1, dst 10.0.0.9");
    expect(describeFilter({ port: 0 })).toBe("port 0");
  });
});
