import { describe, expect, it } from "vitest";
import { createCloudwatchMetricDataParser, createCloudwatchStatisticsParser } from "./cloudwatch";
import { fixture, messages, p, run } from "./test-support";

const at = (h: number, m: number) => Date.UTC(2024, 5, 10, h, m);

describe("CloudWatch GetMetricData JSON", () => {
  it("sorts newest-first results and keeps values exactly", () => {
    const out = run(createCloudwatchMetricDataParser, fixture("cloudwatch-get-metric-data.json"));
    const L = "ethtool_linklocal_allowance_exceeded";
    const C = "ethtool_conntrack_allowance_exceeded";
    expect(out.points).toEqual([
      p(L, { id: "m1" }, at(6, 14), 0),
      p(L, { id: "m1" }, at(6, 15), 412),
      p(L, { id: "m1" }, at(6, 16), 4631),
      p(C, { id: "m2" }, at(6, 14), 0),
      p(C, { id: "m2" }, at(6, 15), 97),
      p(C, { id: "m2" }, at(6, 16), 1842),
    ]);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("reports partial data, pagination, unpaired arrays, bad timestamps, empty results", () => {
    const out = run(
      createCloudwatchMetricDataParser,
      JSON.stringify({
        MetricDataResults: [
          { Id: "m1", Label: "a", Timestamps: [1718000000, "2024-06-10 06:14:00", "yesterday"], Values: [1, 2, 3], StatusCode: "PartialData" },
          { Id: "m2", Label: "b", Timestamps: ["2024-06-10T06:14:00Z"], Values: [] },
          { Id: "m3", Label: "c", Timestamps: [], Values: [], StatusCode: "Complete" },
        ],
        NextToken: "xyz",
        Messages: [{ Code: "MaxMetricsExceeded", Value: "too many" }],
      }),
    );
    expect(out.points).toEqual([p("a", { id: "m1" }, 1718000000000, 1), p("a", { id: "m1" }, at(6, 14), 2)]);
    expect(messages(out.rejects)).toEqual([
      'a{id="m1"}: MetricDataResults[0].Timestamps[2]: unrecognised time "yesterday": expected RFC 3339 / ISO-8601 or an epoch number',
      'b{id="m2"}: MetricDataResults[1] has 1 Timestamps but 0 Values; cannot pair them',
    ]);
    expect(messages(out.warns)).toEqual([
      "the response has a NextToken: further pages are not in this file",
      "CloudWatch message: MaxMetricsExceeded too many",
      "MetricDataResults[0] (a) has StatusCode PartialData; its data may be incomplete",
      'MetricDataResults[0].Timestamps[1]: no UTC offset in "2024-06-10 06:14:00"; assumed UTC',
      'b{id="m2"}: no point kept (all 1 point(s) rejected)',
      'c{id="m3"}: no point kept (the series is empty)',
    ]);
  });

  it("refuses an unknown JSON shape", () => {
    expect(messages(run(createCloudwatchMetricDataParser, '{"MetricDataResults":{}}').rejects)).toEqual([
      'unknown JSON shape: expected a GetMetricData response {"MetricDataResults": [{"Id", "Label", "Timestamps", "Values"}]}',
    ]);
  });
});

describe("CloudWatch get-metric-statistics JSON", () => {
  it("makes one sorted series per statistic; SampleCount has no unit", () => {
    const out = run(createCloudwatchStatisticsParser, fixture("cloudwatch-get-metric-statistics.json"));
    const N = "ethtool_linklocal_allowance_exceeded";
    expect(out.points).toEqual([
      p(N, { statistic: "Sum" }, at(6, 13), 0, "Count"),
      p(N, { statistic: "Sum" }, at(6, 14), 12, "Count"),
      p(N, { statistic: "Sum" }, at(6, 15), 412, "Count"),
      p(N, { statistic: "Sum" }, at(6, 16), 4631, "Count"),
      p(N, { statistic: "Maximum" }, at(6, 13), 0, "Count"),
      p(N, { statistic: "Maximum" }, at(6, 14), 12, "Count"),
      p(N, { statistic: "Maximum" }, at(6, 15), 412, "Count"),
      p(N, { statistic: "Maximum" }, at(6, 16), 4631, "Count"),
      p(N, { statistic: "SampleCount" }, at(6, 13), 1),
      p(N, { statistic: "SampleCount" }, at(6, 14), 1),
      p(N, { statistic: "SampleCount" }, at(6, 15), 1),
      p(N, { statistic: "SampleCount" }, at(6, 16), 1),
    ]);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("rejects points in another unit, empty datapoints and extended statistics are read", () => {
    const out = run(
      createCloudwatchStatisticsParser,
      JSON.stringify({
        Label: "Latency",
        Datapoints: [
          { Timestamp: "2024-06-10T06:14:00Z", Average: 0.5, Unit: "Seconds", ExtendedStatistics: { p99: 5.002 } },
          { Timestamp: "2024-06-10T06:13:00Z", Average: 0.4, Unit: "Seconds" },
          { Timestamp: "2024-06-10T06:15:00Z", Average: 700, Unit: "Milliseconds" },
          { Timestamp: "2024-06-10T06:16:00Z", Unit: "Seconds" },
        ],
      }),
    );
    expect(out.points).toEqual([
      p("Latency", { statistic: "Average" }, at(6, 13), 0.4, "Seconds"),
      p("Latency", { statistic: "Average" }, at(6, 14), 0.5, "Seconds"),
      p("Latency", { statistic: "p99" }, at(6, 14), 5.002, "Seconds"),
    ]);
    expect(messages(out.rejects)).toEqual([
      "Latency: Datapoints[3] carries no statistic (Average, Sum, Minimum, Maximum, SampleCount, ExtendedStatistics)",
      'Latency{statistic="Average"} at 2024-06-10T06:15:00.000Z: unit "Milliseconds" differs from the series\' unit "Seconds"; not converted',
    ]);
    expect(messages(run(createCloudwatchStatisticsParser, '{"Label":"x","Datapoints":[]}').warns)).toEqual(["x: Datapoints is empty"]);
  });
});
