import { describe, expect, it } from "vitest";
import { fixture, flow, parse, randomBytes, type Feed } from "./fixtures/collect";
import type { FlowSink } from "./flow-record";
import { createGcpFlowParser, gcpFlowFormat } from "./gcp-flow";

const run = (input: string | Uint8Array, feed: Feed = "whole") => parse((sink: FlowSink) => createGcpFlowParser(sink), input, feed);

const DNS_FLOW = flow({
  start: Date.UTC(2024, 5, 10, 6, 14, 0, 4), end: Date.UTC(2024, 5, 10, 6, 14, 4, 998), srcaddr: "10.128.0.7",
  dstaddr: "10.128.0.2", srcport: 41882, dstport: 53, protocol: 17, packets: 30, bytes: 1740, direction: "egress",
  accountId: "demo-proj", vpcId: "prod", subnetId: "default", instanceId: "app-1",
});

describe("GCP VPC flow log parser", () => {
  it("reads JSON lines: string or number counters, ns times truncated to ms, reporter → direction, no flags", () => {
    const out = run(fixture("gcp.jsonl"));
    expect(out.rejects).toEqual([]);
    expect(out.flows).toEqual([
      DNS_FLOW,
      flow({
        start: Date.UTC(2024, 5, 10, 6, 14, 1), end: Date.UTC(2024, 5, 10, 6, 14, 5, 500), srcaddr: "2001:db8::7",
        dstaddr: "2001:db8::2", srcport: 443, dstport: 50512, protocol: 6, packets: 4, bytes: 920, direction: "ingress",
        accountId: "demo-proj", subnetId: "default", instanceId: "db-1",
      }),
    ]);
  });

  it("gives identical results with CRLF, a BOM and one byte at a time", () => {
    const input = `\ufeff${fixture("gcp.jsonl").toString().replace(/\n/g, "\r\n")}`;
    expect(run(input, "bytes")).toEqual(run(fixture("gcp.jsonl")));
  });

  it("reads a pretty-printed top-level array one byte at a time", () => {
    const out = run(fixture("gcp-array.json"), "bytes");
    expect(out.rejects).toEqual([]);
    expect(out.flows).toEqual([{ ...DNS_FLOW, vpcId: null }]);
  });

  it("reads entries.list envelopes, flattened dotted keys and bare payloads", () => {
    const payload = {
      connection: { src_ip: "10.0.0.1", dest_ip: "10.0.0.2", src_port: 1, dest_port: 2, protocol: 6 },
      start_time: "2024-06-10T06:14:00Z", end_time: "2024-06-10T06:14:01+00:00", reporter: "SRC_GATEWAY",
    };
    const expected = flow({
      start: Date.UTC(2024, 5, 10, 6, 14), end: Date.UTC(2024, 5, 10, 6, 14, 1), srcaddr: "10.0.0.1", dstaddr: "10.0.0.2",
      srcport: 1, dstport: 2, protocol: 6, direction: "egress",
    });
    const flattened = Object.fromEntries([
      ...Object.entries(payload.connection).map(([k, v]) => [`jsonPayload.connection.${k}`, v]),
      ["jsonPayload.start_time", payload.start_time],
      ["jsonPayload.end_time", payload.end_time],
      ["jsonPayload.reporter", payload.reporter],
    ]);
    const input = [
      JSON.stringify({ entries: [{ jsonPayload: payload }], nextPageToken: "t" }),
      JSON.stringify(flattened),
      JSON.stringify(payload),
    ].join("\n");
    expect(run(input)).toEqual({ flows: [expected, expected, expected], gaps: [], rejects: [], notes: [] });
  });

  it("rejects bad entries with their line and keeps going", () => {
    const good = fixture("gcp.jsonl").toString().split("\n")[0]!;
    const input = [
      good,
      good.replace('"src_port":41882', '"src_port":"http"'),
      good.replace(/"start_time":"[^"]*",/, ""),
      good.replace("2024-06-10T06:14:04.998771000Z", "yesterday"),
      '{"jsonPayload":{"message":"not a flow"}}',
      '{"jsonPayload": {"connection": ',
      good,
    ].join("\n");
    const out = run(input);
    expect(out.flows).toEqual([DNS_FLOW, DNS_FLOW]);
    expect(out.rejects).toEqual([
      { line: 2, message: 'connection.src_port "http" is not a number' },
      { line: 3, message: "start_time is missing" },
      { line: 4, message: 'end_time "yesterday" is not an RFC 3339 time' },
      { line: 5, message: "not a VPC flow log entry (no jsonPayload.connection)" },
      { line: 6, message: "JSON value cut off (a new object starts on a later line)" },
    ]);
  });

  it("sniffs GCP flow JSON only", () => {
    const sniff = (s: string | Uint8Array) => gcpFlowFormat.sniff(typeof s === "string" ? Buffer.from(s) : s);
    expect(sniff(fixture("gcp.jsonl"))).toBe(true);
    expect(sniff(fixture("gcp-array.json"))).toBe(true);
    expect(sniff(`\ufeff  ${fixture("gcp.jsonl").toString()}`)).toBe(true);
    expect(sniff('{"kind":"Event","involvedObject":{"name":"web"}}\n')).toBe(false);
    expect(sniff(fixture("cloudwatch-events.json"))).toBe(false);
    expect(sniff(randomBytes(4096))).toBe(false);
  });
});
