import { describe, expect, it } from "vitest";
import type { TPanel } from "@/lib/timeline/view-state";
import { describeDnsFilter, describeFilter, dnsTalkerFilter, talkerFilter, withPanelFilter } from "./talker-filter";

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

describe("withPanelFilter", () => {
  it("replaces the first flows panel's filters and keeps its options", () => {
    const out = withPanelFilter([dns, flows], "flows", { dst: "10.0.0.9" });
    expect(out).toEqual([dns, { ...flows, filters: { dst: "10.0.0.9" } }]);
  });

  it("adds a flows panel when asked, or when there is none", () => {
    const added = withPanelFilter([flows, dns], "flows", { src: "10.0.0.1" }, true);
    expect(added.map((p) => p.id)).toEqual(["flows", "dns", "flows-2"]);
    expect(added[2]).toMatchObject({ type: "flows", filters: { src: "10.0.0.1" }, options: { groupBy: "flag", metric: "flows" } });
    expect(withPanelFilter([dns], "flows", { port: 53 }).map((p) => p.id)).toEqual(["dns", "flows"]);
  });

  it("describes a filter for a label", () => {
    expect(describeFilter({ src: "10.0.0.1", dst: "10.0.0.9" })).toBe("src 10.0.0.1, dst 10.0.0.9");
    expect(describeFilter({ port: 0 })).toBe("port 0");
  });
});

describe("DNS rows as filters", () => {
  it("turns names, clients, resolvers, types and rcodes into the DNS panel's filter", () => {
    expect(dnsTalkerFilter("qname", "svc-0.corp")).toEqual({ qname: "svc-0.corp" });
    expect(dnsTalkerFilter("resolver", "10.0.0.53")).toEqual({ resolver: "10.0.0.53" });
    expect(dnsTalkerFilter("client", "10.1.0.1")).toEqual({ client: "10.1.0.1" });
    expect(dnsTalkerFilter("qtype", "28")).toEqual({ qtype: 28 });
    expect(dnsTalkerFilter("rcode", "3")).toEqual({ rcode: 3 });
    expect(dnsTalkerFilter("qname", "")).toBeNull();
    expect(dnsTalkerFilter("rcode", "-1")).toBeNull();
    expect(describeDnsFilter({ resolver: "10.0.0.53", qtype: 28, rcode: 3 })).toBe("resolver 10.0.0.53, type AAAA, rcode NXDOMAIN");
  });

  it("filters the first DNS panel, keeping its scale, or adds one", () => {
    const out = withPanelFilter([flows, { ...dns, options: { scale: "linear" } }], "dns", { resolver: "10.0.0.53" });
    expect(out[1]).toEqual({ ...dns, options: { scale: "linear" }, filters: { resolver: "10.0.0.53" } });
    expect(withPanelFilter([flows], "dns", { qname: "a" }).map((p) => p.id)).toEqual(["flows", "dns"]);
  });
});
