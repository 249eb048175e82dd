import { describe, expect, it } from "vitest";
import { createGrafanaCsvParser, seriesFromDisplayName } from "./grafana-csv";
import { fixture, messages, p, run } from "./test-support";

const R = "coredns_forward_max_concurrent_rejects_total";
const i12 = { instance: "10.0.4.12:9253" };
const i13 = { instance: "10.0.4.13:9253" };

describe("Grafana panel CSV", () => {
  it("reads series joined by time (CRLF, quoted legends, blank cells) exactly", () => {
    const out = run(createGrafanaCsvParser, fixture("grafana-joined.csv"));
    expect(out.points).toEqual([
      p(R, i12, 1718000000000, 0),
      p(R, i13, 1718000000000, 0),
      p(R, i12, 1718000015000, 0),
      p(R, i13, 1718000015000, 0.3333333333333333),
      p(R, i12, 1718000030000, 2.4666666666666668),
      p(R, i12, 1718000045000, 25),
      p(R, i13, 1718000045000, 6.066666666666666),
      p(R, i12, 1718000060000, 58.53333333333333),
      p(R, i13, 1718000060000, 47.2),
    ]);
    expect(out.rejects).toEqual([]);
    expect(messages(out.warns)).toEqual([
      `${R}{instance="10.0.4.13:9253"}: 1 missing value(s) not stored (gaps, not zero); first: blank cell at 2024-06-10T06:13:50.000Z (line 4)`,
    ]);
  });

  it("reads series as rows with sep=; and formatted times with offsets exactly", () => {
    const out = run(createGrafanaCsvParser, fixture("grafana-series.csv"));
    expect(out.points).toEqual([
      p("p50", {}, 1718000000000, 0.00087),
      p("p50", {}, 1718000030000, 0.00091),
      p("p99", {}, 1718000000000, 0.0123),
      p("p99", {}, 1718000030000, 5.0021),
    ]);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("gives the same result fed byte by byte", () => {
    for (const name of ["grafana-joined.csv", "grafana-series.csv"]) {
      expect(run(createGrafanaCsvParser, fixture(name), 1)).toEqual(run(createGrafanaCsvParser, fixture(name)));
    }
  });

  it("warns once about formatted time without zone, or applies the given zone", () => {
    const csv = '"Time","p99"\r\n2024-06-10 08:13:20,0.0123\r\n2024-06-10 08:13:50,5.0021\r\n';
    const out = run(createGrafanaCsvParser, csv);
    expect(out.points.map((x) => x.t)).toEqual([Date.UTC(2024, 5, 10, 8, 13, 20), Date.UTC(2024, 5, 10, 8, 13, 50)]);
    expect(out.warns).toEqual([
      {
        line: 2,
        message: 'Time: no UTC offset in "2024-06-10 08:13:20"; assumed UTC — Grafana formats time in the dashboard\'s zone; give the zone offset if it was not UTC',
      },
    ]);
    const zoned = run((sink) => createGrafanaCsvParser(sink, { zoneOffsetMinutes: 120 }), csv);
    expect(zoned.points.map((x) => x.t)).toEqual([1718000000000, 1718000030000]);
    expect(zoned.warns).toEqual([]);
  });

  it("rejects formatted values, bad times, short rows; tells repeated headers apart", () => {
    const csv = ['"Time","rtt","rtt"', "1718000000000,1.20 ms,3", "yesterday,1,2", "1718000015000,1", "1718000030000,NaN,4"].join("\r\n");
    const out = run(createGrafanaCsvParser, csv);
    expect(out.points).toEqual([p("rtt", { column: "3" }, 1718000000000, 3), p("rtt", { column: "3" }, 1718000030000, 4)]);
    expect(out.rejects).toEqual([
      { line: 2, message: 'rtt: value "1.20 ms" is not a number (formatted text? download without "Formatted data")' },
      { line: 3, message: 'Time: unrecognised time "yesterday": expected RFC 3339 / ISO-8601 or an epoch number' },
      { line: 4, message: "row has 2 fields, the header has 3" },
      { line: 5, message: "rtt at 2024-06-10T06:13:50.000Z: value NaN is not a finite number; not stored" },
    ]);
    expect(messages(out.warns)).toEqual([
      'column 3 repeats the header "rtt" of column 2; told apart by label column="3"',
      "rtt: no point kept (all 2 point(s) rejected)",
    ]);
    expect(messages(run(createGrafanaCsvParser, '"When","x"\r\n1,2\r\n').rejects)).toEqual([
      'not a Grafana CSV header: expected "Time" then series columns, or "Series","Time","Value"',
    ]);
  });

  it("splits legends into name and labels", () => {
    expect(seriesFromDisplayName('up{job="node", instance="a:9100"}')).toEqual({ name: "up", labels: { job: "node", instance: "a:9100" } });
    expect(seriesFromDisplayName('{instance="a"}')).toEqual({ name: '{instance="a"}', labels: { instance: "a" } });
    expect(seriesFromDisplayName("p99 latency")).toEqual({ name: "p99 latency", labels: {} });
  });
});
