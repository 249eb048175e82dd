import { describe, expect, it } from "vitest";
import { createDatadogCsvParser } from "./datadog-csv";
import { createMetricsCsvParser } from "./metrics-csv";
import { fixture, p, run } from "./test-support";

const D = "coredns_dns_request_duration_seconds";
const i12 = "10.0.4.12:9253";

describe("plain metric CSV", () => {
  it("reads time, metric, value, unit and label columns exactly", () => {
    const out = run(createMetricsCsvParser, fixture("metrics.csv"));
    expect(out.points).toEqual([
      p(D, { instance: i12, quantile: "0.5" }, 1718000000000, 0.00087, "seconds"),
      p(D, { instance: i12, quantile: "0.99" }, 1718000000000, 0.0123, "seconds"),
      p(D, { instance: i12, quantile: "0.5" }, 1718000030000, 0.00091, "seconds"),
      p(D, { instance: i12, quantile: "0.99" }, 1718000030000, 5.0021, "seconds"),
      p("node_nf_conntrack_entries", { instance: "10.0.4.12:9100" }, 1718000030250, 60113),
    ]);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("gives the same result fed byte by byte (and so does the Datadog CSV parser)", () => {
    expect(run(createMetricsCsvParser, fixture("metrics.csv"), 1)).toEqual(run(createMetricsCsvParser, fixture("metrics.csv")));
    expect(run(createDatadogCsvParser, fixture("datadog-export.csv"), 1)).toEqual(run(createDatadogCsvParser, fixture("datadog-export.csv")));
  });

  it("accepts epoch times of any unit, quoted multi-line cells and ; delimiters", () => {
    const csv = 'timestamp;name;value;note\r\n1718000000;x;1;"a\r\nb"\r\n1718000000000000;x;2;"a\r\nb"\r\n';
    const out = run(createMetricsCsvParser, csv);
    expect(out.points).toEqual([p("x", { note: "a\nb" }, 1718000000000, 1)]);
    expect(out.rejects).toEqual([{ line: 4, message: 'x{note="a\\nb"} at 2024-06-10T06:13:20.000Z: second value 2 for the same timestamp conflicts with 1; first kept' }]);
  });

  it("answers blanks, text, NaN, mixed units, bad times, short rows and a missing header precisely", () => {
    const csv = [
      "time,metric,value,unit",
      "2024-06-10T06:13:20Z,rtt,,ms",
      "2024-06-10T06:13:20Z,rtt,n/a,ms",
      "2024-06-10T06:13:30Z,rtt,-Inf,ms",
      "2024-06-10T06:13:40Z,rtt,0.5,s",
      "2024-06-10T06:13:50Z,rtt,12,ms",
      "+30s,rtt,1,ms",
      "2024-06-10 06:14:00,rtt,13,ms",
      "2024-06-10T06:14:10Z,rtt,14",
      '2024-06-10T06:14:20Z,,1,ms',
    ].join("\n");
    const out = run(createMetricsCsvParser, csv);
    expect(out.points).toEqual([p("rtt", {}, 1718000030000, 12, "ms"), p("rtt", {}, Date.UTC(2024, 5, 10, 6, 14), 13, "ms")]);
    expect(out.rejects).toEqual([
      { line: 3, message: 'rtt: value "n/a" is not a number' },
      { line: 4, message: "rtt at 2024-06-10T06:13:30.000Z: value -Inf is not a finite number; not stored" },
      { line: 5, message: 'rtt at 2024-06-10T06:13:40.000Z: unit "s" differs from the series\' unit "ms"; not converted' },
      { line: 7, message: 'rtt: relative time "+30s" cannot be placed without a reference time' },
      { line: 9, message: "row has 3 fields, the header has 4" },
      { line: 10, message: "empty metric name" },
    ]);
    expect(out.warns).toEqual([
      { line: 8, message: 'no UTC offset in "2024-06-10 06:14:00"; assumed UTC (further rows not repeated)' },
      { line: 0, message: "rtt: 1 missing value(s) not stored (gaps, not zero); first: blank value at 2024-06-10T06:13:20.000Z (line 2)" },
    ]);
    expect(run(createMetricsCsvParser, "when,what\n1,2\n").rejects).toEqual([{ line: 1, message: 'header "when,what" lacks a time, metric or value column' }]);
    expect(run(createMetricsCsvParser, "").rejects).toEqual([{ line: 0, message: "empty file: no header" }]);
  });
});
