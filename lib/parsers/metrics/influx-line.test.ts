import { describe, expect, it } from "vitest";
import { parseInfluxLine } from "./influx-grammar";
import { createInfluxLineParser } from "./influx-line";
import { fixture, messages, p, run } from "./test-support";

const ena = { driver: "ena", host: "ip-10-0-4-12", interface: "eth0" };
const t0 = 1718000000000;
const t60 = 1718000060000;

describe("InfluxDB line protocol", () => {
  it("reads every numeric field as measurement_field exactly; skips string fields with a warning", () => {
    const out = run(createInfluxLineParser, fixture("influx.lp"));
    const dns = { domain: "db.prod.svc.cluster.local", record_type: "A", server: "169.254.20.10" };
    expect(out.points).toEqual([
      p("ethtool_bw_in_allowance_exceeded", ena, t0, 0),
      p("ethtool_conntrack_allowance_exceeded", ena, t0, 0),
      p("ethtool_linklocal_allowance_exceeded", ena, t0, 12),
      p("ethtool_pps_allowance_exceeded", ena, t0, 0),
      p("ethtool_bw_in_allowance_exceeded", ena, t60, 0),
      p("ethtool_conntrack_allowance_exceeded", ena, t60, 1842),
      p("ethtool_linklocal_allowance_exceeded", ena, t60, 4631),
      p("ethtool_pps_allowance_exceeded", ena, t60, 0),
      p("conntrack_ip_conntrack_count", { host: "ip-10-0-4-12" }, t0, 13112),
      p("conntrack_ip_conntrack_max", { host: "ip-10-0-4-12" }, t0, 262144),
      p("conntrack_ip_conntrack_count", { host: "ip-10-0-4-12" }, t60, 60113),
      p("conntrack_ip_conntrack_max", { host: "ip-10-0-4-12" }, t60, 262144),
      p("unbound_total_requestlist_current_all", { host: "resolver-1" }, 1718000000000.412, 37),
      p("unbound_total_requestlist_exceeded", { host: "resolver-1" }, 1718000000000.412, 0),
      p("unbound_total_requestlist_current_all", { host: "resolver-1" }, 1718000060000.391, 1024),
      p("unbound_total_requestlist_exceeded", { host: "resolver-1" }, 1718000060000.391, 312),
      p("dns_query_query_time_ms", dns, 1718000030123 + 0.456789, 8002.113),
      p("dns_query_rcode_value", dns, 1718000030123 + 0.456789, 2),
      p("k8s node_ready", { cluster: "prod,eu-west-1", "node=role": "worker" }, 1718000030000, 1),
    ]);
    expect(out.rejects).toEqual([]);
    expect(out.warns).toEqual([
      { line: 8, message: 'field "rcode" of "dns_query" is a string, not a metric; skipped' },
      { line: 8, message: 'field "result" of "dns_query" is a string, not a metric; skipped' },
    ]);
  });

  it("gives the same result fed byte by byte", () => {
    expect(run(createInfluxLineParser, fixture("influx.lp"), 1)).toEqual(run(createInfluxLineParser, fixture("influx.lp")));
  });

  it("honours precision, and reads other magnitudes with a warning when it is not given", () => {
    const line = "conntrack,host=a ip_conntrack_count=13112 1718000000\n";
    const s = run((sink) => createInfluxLineParser(sink, { precision: "s" }), line);
    expect(s.points).toEqual([p("conntrack_ip_conntrack_count", { host: "a" }, t0, 13112)]);
    expect(s.warns).toEqual([]);
    const guessed = run(createInfluxLineParser, line);
    expect(guessed.points).toEqual(s.points);
    expect(messages(guessed.warns)).toEqual([
      "timestamps like 1718000000 have seconds magnitude, not nanoseconds (the line-protocol default); read as seconds",
    ]);
    const wrong = run((sink) => createInfluxLineParser(sink, { precision: "ms" }), line);
    expect(messages(wrong.warns)).toEqual(["epoch 1718000000 read as milliseconds is 1970-01-20T21:13:20.000Z, outside 1990–2100 — wrong unit or a relative offset?"]);
  });

  it("rejects lines without timestamp or numeric field, bad values and broken syntax", () => {
    const out = run(
      createInfluxLineParser,
      [
        "conntrack,host=a ip_conntrack_count=13112",
        'syslog,host=a message="table full",ok=true 1718000000000000000',
        "conntrack,host=a ip_conntrack_count=lots 1718000000000000000",
        "conntrack,host=a ip_conntrack_count=1 17h",
        "conntrack,host ip_conntrack_count=1 1718000000000000000",
        "conntrack,host=a ip_conntrack_count=1 86400",
        "conntrack,host=a ip_conntrack_count=18446744073709551615u 1718000000000000000",
      ].join("\n"),
    );
    expect(out.points).toEqual([p("conntrack_ip_conntrack_count", { host: "a" }, t0, 18446744073709551615)]);
    expect(out.rejects).toEqual([
      { line: 1, message: "no timestamp: InfluxDB would have used its clock at write time, which this file does not record" },
      { line: 2, message: "no numeric field on this line (only string/boolean fields)" },
      { line: 3, message: 'conntrack_ip_conntrack_count{host="a"}: field value "lots" is not a float, integer, string or boolean' },
      { line: 4, message: 'timestamp "17h" is not an integer' },
      { line: 5, message: 'tag "host" has no "=value"' },
      { line: 6, message: "timestamp 86400 is not a 1990–2100 time in nanoseconds (nor in s, ms or µs)" },
    ]);
    expect(messages(out.warns)).toEqual([
      'field "message" of "syslog" is a string, not a metric; skipped',
      'field "ok" of "syslog" is a boolean, not a metric; skipped',
      "conntrack_ip_conntrack_count: integer 18446744073709551615u exceeds float64 precision; stored as 18446744073709552000",
    ]);
  });

  it("parses escapes", () => {
    expect(parseInfluxLine('my\\ m,t\\,k=v\\ 1 f\\=x="a \\"q\\" b",g=1.5e3 1')).toEqual({
      measurement: "my m",
      tags: { "t,k": "v 1" },
      fields: [
        ["f=x", { type: "string", text: 'a "q" b' }],
        ["g", { type: "number", text: "1.5e3", value: 1500 }],
      ],
      timestamp: "1",
    });
  });
});
