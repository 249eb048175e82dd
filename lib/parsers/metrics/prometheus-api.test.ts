import { describe, expect, it } from "vitest";
import { createPrometheusApiParser } from "./prometheus-api";
import { fixture, messages, p, run } from "./test-support";

const rejects = { pod: "node-local-dns-7x2kq", instance: "10.0.4.12:9253", job: "node-local-dns" };
const rejects13 = { pod: "node-local-dns-q8d4m", instance: "10.0.4.13:9253", job: "node-local-dns" };
const node12 = { instance: "10.0.4.12:9100", job: "node-exporter" };

describe("Prometheus HTTP API JSON", () => {
  it("reads a matrix exactly", () => {
    const out = run(createPrometheusApiParser, fixture("prometheus-api-matrix.json"));
    const R = "coredns_forward_max_concurrent_rejects_total";
    expect(out.points).toEqual([
      p(R, rejects, 1718000000000, 0),
      p(R, rejects, 1718000015000, 0),
      p(R, rejects, 1718000030000, 37),
      p(R, rejects, 1718000045000, 412),
      p(R, rejects, 1718000060000, 1290),
      p(R, rejects, 1718000075000, 2210),
      p(R, rejects13, 1718000000000, 0),
      p(R, rejects13, 1718000015000, 5),
      p(R, rejects13, 1718000030000, 5),
      p(R, rejects13, 1718000045000, 96),
      p(R, rejects13, 1718000060000, 804),
      p(R, rejects13, 1718000075000, 1733),
      p("node_nf_conntrack_entries", node12, 1718000000000, 13112),
      p("node_nf_conntrack_entries", node12, 1718000015000, 13240),
      p("node_nf_conntrack_entries", node12, 1718000030000, 21876),
      p("node_nf_conntrack_entries", node12, 1718000045000, 48210),
      p("node_nf_conntrack_entries", node12, 1718000060000, 60113),
      p("node_nf_conntrack_entries", node12, 1718000075000, 59870),
    ]);
    expect(out.warns).toEqual([]);
    expect(out.rejects).toEqual([]);
  });

  it("reads a vector with fractional-second times exactly", () => {
    const out = run(createPrometheusApiParser, fixture("prometheus-api-vector.json"));
    expect(out.points).toEqual([
      p("node_nf_conntrack_entries", node12, 1718000437781, 60113),
      p("node_nf_conntrack_entries", { instance: "10.0.4.13:9100", job: "node-exporter" }, 1718000437781, 13507),
      p("node_nf_conntrack_entries_limit", node12, 1718000437781, 262144),
    ]);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("rejects NaN and ±Inf samples, naming series and time", () => {
    const out = run(
      createPrometheusApiParser,
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x"},"values":[[1718000000,"1"],[1718000015,"NaN"],[1718000030,"+Inf"],[1718000045,"-Inf"]]}]}}',
    );
    expect(out.points).toEqual([p("x", {}, 1718000000000, 1)]);
    expect(messages(out.rejects)).toEqual([
      'x at 2024-06-10T06:13:35.000Z: value "NaN" is not a finite number; not stored',
      'x at 2024-06-10T06:13:50.000Z: value "+Inf" is not a finite number; not stored',
      'x at 2024-06-10T06:14:05.000Z: value "-Inf" is not a finite number; not stored',
    ]);
  });

  it("names series without __name__ and reports non-numeric, null and malformed points", () => {
    const out = run(
      createPrometheusApiParser,
      JSON.stringify({
        status: "success",
        data: {
          resultType: "matrix",
          result: [
            { metric: { le: "0.99", server: "dns://:53" }, values: [[1718000000, "0.0123"], [1718000015, "abc"], [1718000030, null], [1718000045]] },
            { metric: { __name__: "empty" }, values: [] },
          ],
        },
      }),
      undefined,
    );
    expect(out.points).toEqual([p("unnamed", { le: "0.99", server: "dns://:53" }, 1718000000000, 0.0123)]);
    expect(messages(out.rejects)).toEqual([
      'unnamed{le="0.99",server="dns://:53"}: result[0].values[1]: value "abc" is not a number',
      'unnamed{le="0.99",server="dns://:53"}: result[0].values[3] is not a [time, value] pair',
    ]);
    expect(messages(out.warns)).toEqual([
      'series without __name__ (a function such as rate() or histogram_quantile() drops it) are named "unnamed"',
      'unnamed{le="0.99",server="dns://:53"}: 1 missing value(s) not stored (gaps, not zero); first: null value at 2024-06-10T06:13:50.000Z',
      "empty: no point kept (the series is empty)",
    ]);
  });

  it("uses options.name for unnamed series", () => {
    const out = run(
      (sink) => createPrometheusApiParser(sink, { name: "coredns_p99" }),
      '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1718000000,"0.5"]}]}}',
    );
    expect(out.points).toEqual([p("coredns_p99", {}, 1718000000000, 0.5)]);
  });

  it("rejects duplicate timestamps with conflicting values and counts identical ones", () => {
    const out = run(
      createPrometheusApiParser,
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x"},"values":[[1718000000,"1"],[1718000000,"1"],[1718000000,"2"],[1718000015,"3"]]}]}}',
    );
    expect(out.points).toEqual([p("x", {}, 1718000000000, 1), p("x", {}, 1718000015000, 3)]);
    expect(messages(out.rejects)).toEqual(['x at 2024-06-10T06:13:20.000Z: second value "2" for the same timestamp conflicts with 1; first kept']);
    expect(messages(out.warns)).toEqual(["x: 1 duplicate point(s) with the same time and value skipped; first at 2024-06-10T06:13:20.000Z"]);
  });

  it("answers error responses, unknown shapes, broken JSON and string results", () => {
    const err = run(createPrometheusApiParser, '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\""}');
    expect(messages(err.rejects)).toEqual(['the response is a Prometheus API error (bad_data): invalid parameter "query"']);
    const shape = run(createPrometheusApiParser, '{"series":[]}');
    expect(messages(shape.rejects)).toEqual(['unknown JSON shape: expected a Prometheus API response {"status", "data": {"resultType", "result"}}']);
    const broken = run(createPrometheusApiParser, '{"status":"success",\n"data":{"resultType":"matrix",\n"result":[}}');
    expect(broken.rejects).toHaveLength(1);
    // The line of the syntax error is known only on engines that report a position (Node ≥ 22).
    expect(broken.rejects[0]!.message).toMatch(/^not valid JSON: Unexpected token/);
    const str = run(createPrometheusApiParser, '{"status":"success","data":{"resultType":"string","result":[1718000000,"hi"]}}');
    expect(messages(str.rejects)).toEqual(["a string result holds no metric samples"]);
  });

  it("passes on Prometheus warnings and empty results", () => {
    const out = run(createPrometheusApiParser, '{"status":"success","warnings":["query timed out partially"],"data":{"resultType":"vector","result":[]}}');
    expect(messages(out.warns)).toEqual(["Prometheus warning: query timed out partially", "the query returned no series"]);
  });
});
