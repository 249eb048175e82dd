import { describe, expect, it } from "vitest";
import { closestNames } from "./unknown-metric";

describe("closestNames", () => {
  const names = ["node_nf_conntrack_entries", "node_nf_conntrack_entries_limit", "coredns_dns_requests_total", "container_memory_working_set_bytes", "up"];
  it("puts names that contain the query first, then typos by edit distance", () => {
    expect(closestNames("conntrack_entries", names)).toEqual(["node_nf_conntrack_entries", "node_nf_conntrack_entries_limit"]);
    expect(closestNames("coredns_dns_request_total", names)).toEqual(["coredns_dns_requests_total"]);
  });
  it("suggests nothing unrelated", () => {
    expect(closestNames("http_server_duration_seconds", names)).toEqual([]);
  });
});
