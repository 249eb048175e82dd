import { describe, expect, it } from "vitest";
import { createExpositionParser } from "./openmetrics-text";
import { fixture, messages, p, run } from "./test-support";

const server = { server: "dns://169.254.20.10:53", zone: "." };
const B = "coredns_dns_request_duration_seconds_bucket";
const node = { instance: "10.0.4.12:9100", job: "node-exporter" };
const eth0 = { device: "eth0", ...node };

const openMetricsPoints = [
  p("node_nf_conntrack_entries", { instance: "10.0.4.12:9100" }, 1718000000000, 13112),
  p("node_nf_conntrack_entries", { instance: "10.0.4.12:9100" }, 1718000030000, 21876),
  p("node_nf_conntrack_entries", { instance: "10.0.4.12:9100" }, 1718000060500, 60113),
  p(B, { ...server, le: "0.00025" }, 1718000000000, 1022),
  p(B, { ...server, le: "0.0005" }, 1718000000000, 2871),
  p(B, { ...server, le: "2.048" }, 1718000000000, 4391),
  p(B, { ...server, le: "8.192" }, 1718000000000, 4410),
  p(B, { ...server, le: "+Inf" }, 1718000000000, 4410),
  p("coredns_dns_request_duration_seconds_sum", server, 1718000000000, 84.2113, "seconds"),
  p("coredns_dns_request_duration_seconds_count", server, 1718000000000, 4410),
  p("coredns_forward_max_concurrent_rejects_total", { pod: "node-local-dns-7x2kq" }, 1718000030000, 37),
  p("coredns_forward_max_concurrent_rejects_created", { pod: "node-local-dns-7x2kq" }, 1718000030000, 1717996400),
  p("coredns_forward_max_concurrent_rejects_total", { pod: "node-local-dns-7x2kq" }, 1718000060000, 1290),
];

const prometheusPoints = [
  p("node_nf_conntrack_entries", node, 1718000000000, 13112),
  p("node_nf_conntrack_entries", node, 1718000045000, 48210),
  p("node_nf_conntrack_entries", node, 1718000060000, 60113),
  p("node_nf_conntrack_entries_limit", node, 1718000000000, 262144),
  p("node_ethtool_conntrack_allowance_exceeded", eth0, 1718000000000, 0),
  p("node_ethtool_conntrack_allowance_exceeded", eth0, 1718000060000, 1842),
  p("node_ethtool_linklocal_allowance_exceeded", eth0, 1718000000000, 12),
  p("node_ethtool_linklocal_allowance_exceeded", eth0, 1718000060000, 4631),
];

describe("OpenMetrics / Prometheus text exposition", () => {
  it("reads OpenMetrics (seconds, # UNIT, exemplars, empty labels) exactly", () => {
    const out = run(createExpositionParser, fixture("openmetrics.txt"));
    expect(out.points).toEqual(openMetricsPoints);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("reads Prometheus text (milliseconds) exactly", () => {
    const out = run(createExpositionParser, fixture("prometheus-text.txt"));
    expect(out.points).toEqual(prometheusPoints);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("gives the same result fed byte by byte", () => {
    for (const name of ["openmetrics.txt", "prometheus-text.txt"]) {
      expect(run(createExpositionParser, fixture(name), 1)).toEqual(run(createExpositionParser, fixture(name)));
    }
  });

  it("rejects samples without timestamp unless a scrape time is given", () => {
    const text = "# TYPE node_nf_conntrack_entries gauge\nnode_nf_conntrack_entries 13112\n";
    const out = run(createExpositionParser, text);
    expect(out.points).toEqual([]);
    expect(out.rejects).toEqual([
      { line: 2, message: "node_nf_conntrack_entries: no timestamp: a scrape without timestamps has no time of its own — supply the scrape time" },
    ]);
    const scraped = run((sink) => createExpositionParser(sink, { scrapeTime: 1718000000000 }), text);
    expect(scraped.points).toEqual([p("node_nf_conntrack_entries", {}, 1718000000000, 13112)]);
  });

  it("warns when the dialect contradicts the timestamp magnitude", () => {
    const om = run(createExpositionParser, "# TYPE x gauge\nx 1 1718000000000\n# EOF\n");
    expect(om.points).toEqual([p("x", {}, 1718000000000, 1)]);
    expect(om.warns).toEqual([
      { line: 3, message: 'the file is OpenMetrics ("# EOF"), whose timestamps are seconds, but timestamps have millisecond magnitude; read as milliseconds' },
    ]);
    const prom = run(createExpositionParser, "x 1 1718000000\n");
    expect(prom.points).toEqual([p("x", {}, 1718000000000, 1)]);
    expect(messages(prom.warns)).toEqual(['1 timestamp(s) have seconds magnitude in a file without "# EOF" (Prometheus text uses milliseconds); read as seconds']);
    const forced = run((sink) => createExpositionParser(sink, { timestampUnit: "ms" }), "x 1 1718000000000\n");
    expect([...forced.warns, ...forced.rejects]).toEqual([]);
  });

  it("rejects non-numeric, non-finite, unplaceable and malformed samples precisely", () => {
    const out = run(
      createExpositionParser,
      [
        "x 1 1718000000000",
        "x NaN 1718000015000",
        "x +Inf 1718000030000",
        "x up 1718000045000",
        "x 2 1718000000000000",
        "x 3 86400",
        'x{a="1} 4 1718000000000',
        "1x 5 1718000000000",
        "x 6 1718000000000 extra",
        "# EOF",
        "x 7 1718000060",
      ].join("\n"),
    );
    expect(out.points).toEqual([p("x", {}, 1718000000000, 1)]);
    expect(out.rejects).toEqual([
      { line: 2, message: "x at 2024-06-10T06:13:35.000Z: value NaN is not a finite number; not stored" },
      { line: 3, message: "x at 2024-06-10T06:13:50.000Z: value +Inf is not a finite number; not stored" },
      { line: 4, message: 'x: value "up" is not a number' },
      { line: 5, message: "x: timestamp 1718000000000000 is neither OpenMetrics seconds nor Prometheus milliseconds between 1990 and 2100" },
      { line: 6, message: "x: timestamp 86400 is neither OpenMetrics seconds nor Prometheus milliseconds between 1990 and 2100" },
      { line: 7, message: "label a: unterminated value" },
      { line: 8, message: "not a metric sample: expected a metric name" },
      { line: 9, message: 'unexpected "extra" after the timestamp' },
      { line: 11, message: 'content after "# EOF" (line 10) ignored' },
    ]);
  });

  it("unescapes label values and refuses repeated labels", () => {
    const out = run(createExpositionParser, 'x{path="C:\\\\dns",msg="say \\"hi\\"\\n"} 1 1718000000000\nx{a="1",a="2"} 1 1718000000000\n');
    expect(out.points).toEqual([p("x", { path: "C:\\dns", msg: 'say "hi"\n' }, 1718000000000, 1)]);
    expect(out.rejects).toEqual([{ line: 2, message: "label a appears twice" }]);
  });

  it("rejects a duplicate timestamp with another value and reports mixed units across series", () => {
    const out = run(
      createExpositionParser,
      "# UNIT d_seconds seconds\nd_seconds{i=\"a\"} 1 1718000000\nd_seconds{i=\"a\"} 2 1718000000\n# UNIT d_seconds milliseconds\nd_seconds{i=\"b\"} 3 1718000000\n# EOF\n",
    );
    expect(out.points).toEqual([p("d_seconds", { i: "a" }, 1718000000000, 1, "seconds"), p("d_seconds", { i: "b" }, 1718000000000, 3, "milliseconds")]);
    expect(out.rejects).toEqual([{ line: 3, message: 'd_seconds{i="a"} at 2024-06-10T06:13:20.000Z: second value 2 for the same timestamp conflicts with 1; first kept' }]);
    expect(out.warns).toEqual([
      { line: 5, message: 'd_seconds: series in different units ("seconds" and "milliseconds"); values are not converted — compare them with care' },
    ]);
  });
});
