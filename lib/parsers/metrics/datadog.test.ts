import { describe, expect, it } from "vitest";
import { createDatadogCsvParser } from "./datadog-csv";
import { createDatadogQueryParser } from "./datadog-query";
import { fixture, messages, p, run } from "./test-support";

const M = "system.net.aws.ec2.conntrack_allowance_exceeded";
const host12 = { env: "prod", host: "ip-10-0-4-12", aggr: "sum" };
const host13 = { env: "prod", host: "ip-10-0-4-13", aggr: "sum" };

describe("Datadog metrics query v1 JSON", () => {
  it("reads pointlists exactly, tags and aggr as labels, unit from the unit array; nulls are gaps", () => {
    const out = run(createDatadogQueryParser, fixture("datadog-query.json"));
    expect(out.points).toEqual([
      p(M, host12, 1718000000000, 0, "pkt"),
      p(M, host12, 1718000020000, 1842, "pkt"),
      p(M, host12, 1718000040000, 5277.5, "pkt"),
      p(M, host13, 1718000000000, 0, "pkt"),
      p(M, host13, 1718000040000, 96, "pkt"),
    ]);
    expect(out.rejects).toEqual([]);
    expect(messages(out.warns)).toEqual([
      `${M}{env="prod",host="ip-10-0-4-13",aggr="sum"}: 1 missing value(s) not stored (gaps, not zero); first: null value at 2024-06-10T06:13:40.000Z`,
    ]);
  });

  it("composes per-unit names and rejects non-numeric values and bad times", () => {
    const out = run(
      createDatadogQueryParser,
      JSON.stringify({
        status: "ok",
        series: [
          {
            metric: "coredns.request_count",
            scope: "*",
            unit: [{ name: "request", short_name: "req" }, { name: "second", short_name: "s" }],
            pointlist: [[1718000000000, 1532], [1718000020000, "1610"], ["soon", 1], [1718000040000, 1610]],
          },
        ],
      }),
    );
    expect(out.points).toEqual([p("coredns.request_count", {}, 1718000000000, 1532, "req/s"), p("coredns.request_count", {}, 1718000040000, 1610, "req/s")]);
    expect(messages(out.rejects)).toEqual([
      'coredns.request_count: series[0].pointlist[1]: value "1610" is not a number',
      'coredns.request_count: series[0].pointlist[2]: time "soon" is not epoch milliseconds',
    ]);
  });

  it("answers error responses, the v2 shape, unknown shapes and empty series", () => {
    expect(messages(run(createDatadogQueryParser, '{"status":"error","error":"Rate limit of 300 requests in 3600 seconds reached"}').rejects)).toEqual([
      "the response is a Datadog error: Rate limit of 300 requests in 3600 seconds reached",
    ]);
    expect(messages(run(createDatadogQueryParser, '{"data":{"type":"timeseries_response","attributes":{"times":[],"values":[]}}}').rejects)).toEqual([
      "Datadog v2 timeseries responses (data.attributes.times) are not supported: export with the v1 query API (/api/v1/query)",
    ]);
    expect(messages(run(createDatadogQueryParser, '{"res_type":"time_series"}').rejects)).toEqual([
      'unknown JSON shape: expected a Datadog v1 query response {"status", "series": [{"metric", "pointlist"}]}',
    ]);
    const empty = run(createDatadogQueryParser, '{"status":"ok","res_type":"time_series","series":[{"metric":"m","pointlist":[],"length":0}]}');
    expect(messages(empty.warns)).toEqual(["m: no point kept (the series is empty)"]);
  });
});

describe("Datadog CSV (defensive)", () => {
  it("reads the csv_exporter layout exactly; warns once about the zone-less times; blank cells are gaps", () => {
    const out = run(createDatadogCsvParser, fixture("datadog-export.csv"));
    expect(out.points).toEqual([
      p(M, host12, Date.UTC(2024, 5, 10, 6, 13, 20), 0),
      p(M, host13, Date.UTC(2024, 5, 10, 6, 13, 20), 0),
      p(M, host12, Date.UTC(2024, 5, 10, 6, 13, 40), 1842),
      p(M, host12, Date.UTC(2024, 5, 10, 6, 14), 5277.5),
      p(M, host13, Date.UTC(2024, 5, 10, 6, 14), 96),
    ]);
    expect(out.rejects).toEqual([]);
    expect(out.warns).toEqual([
      { line: 2, message: 'no UTC offset in "2024-06-10 06:13:20"; assumed UTC (Datadog CSV times are often local time; further rows not repeated)' },
      { line: 0, message: `${M}{env="prod",host="ip-10-0-4-13",aggr="sum"}: 1 missing value(s) not stored (gaps, not zero); first: blank cell at 2024-06-10T06:13:40.000Z (line 3)` },
    ]);
  });

  it("uses a zone offset when given, reads query headers and epoch times, rejects text values", () => {
    const csv = "timestamp,sum:coredns.request_count{env:prod}\n1718000000,1532\n1718000020,N/A\n1718000040,lots\n";
    const out = run((sink) => createDatadogCsvParser(sink, { zoneOffsetMinutes: 120 }), csv);
    expect(out.points).toEqual([p("coredns.request_count", { env: "prod", aggr: "sum" }, 1718000000000, 1532)]);
    expect(out.rejects).toEqual([{ line: 4, message: 'coredns.request_count{env="prod",aggr="sum"}: value "lots" is not a number' }]);
    const local = run((sink) => createDatadogCsvParser(sink, { zoneOffsetMinutes: 120 }), fixture("datadog-export.csv"));
    expect(local.points[0]).toEqual(p(M, host12, Date.UTC(2024, 5, 10, 4, 13, 20), 0));
  });
});
