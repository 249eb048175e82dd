import { describe, expect, it } from "vitest";
import { cloudwatchFlowFormat, createCloudWatchFlowParser } from "./cloudwatch-flow";
import { fixture, flow, parse, randomBytes, type Feed } from "./fixtures/collect";
import type { FlowSink } from "./flow-record";

const MESSAGE = "2 111122223333 eni-0a1b2c3d4e5f60718 10.0.1.25 10.0.2.40 51514 5432 6 12 3021 1718000040 1718000099 ACCEPT OK";
const FLOW = flow({
  start: 1718000040000, end: 1718000099000, srcaddr: "10.0.1.25", dstaddr: "10.0.2.40", srcport: 51514, dstport: 5432,
  protocol: 6, packets: 12, bytes: 3021, action: "ACCEPT", interfaceId: "eni-0a1b2c3d4e5f60718", accountId: "111122223333",
});
const event = (message: string, extra = {}) =>
  JSON.stringify({ logStreamName: "eni-0c0ffee0c0ffee000-all", timestamp: 1, message, ingestionTime: 2, eventId: "1", ...extra });

const sniff = (s: string | Uint8Array) => cloudwatchFlowFormat.sniff(typeof s === "string" ? Buffer.from(s) : s);
const run = (input: string | Uint8Array, feed: Feed = "whole", fields?: string[]) =>
  parse((sink: FlowSink) => createCloudWatchFlowParser(sink, { fields }), input, feed);

describe("CloudWatch Logs flow export parser", () => {
  it("reads filter-log-events JSON (several documents) using the message's times, not the event's", () => {
    const out = run(fixture("cloudwatch-events.json"));
    expect(out.rejects).toEqual([]);
    expect(out.flows).toEqual([
      FLOW,
      flow({
        start: 1718000160000, end: 1718000160000, srcaddr: "10.0.3.7", dstaddr: "10.0.40.99", srcport: 51000, dstport: 8080,
        protocol: 6, packets: 1, bytes: 60, action: "ACCEPT", interfaceId: "eni-0b2c3d4e5f6071829", accountId: "111122223333",
      }),
    ]);
    expect(out.gaps).toEqual([{ start: 1718000100000, end: 1718000159000, status: "NODATA", interfaceId: "eni-0a1b2c3d4e5f60718", accountId: "111122223333" }]);
  });

  it("gives identical results one byte at a time and in odd chunks", () => {
    const input = fixture("cloudwatch-events.json");
    const whole = run(input);
    expect(run(input, "bytes")).toEqual(whole);
    expect(run(input, 7)).toEqual(whole);
  });

  it("reads JSON lines of events and a bare array of events, with CRLF and a BOM", () => {
    expect(run(`\ufeff${event(MESSAGE)}\r\n${event(MESSAGE)}\r\n`).flows).toEqual([FLOW, FLOW]);
    expect(run(`[${event(MESSAGE)},\n${event(MESSAGE)}]`, "bytes").flows).toEqual([FLOW, FLOW]);
  });

  it("decodes custom layouts given as options.fields, taking the ENI from the stream name when absent", () => {
    const fields = ["srcaddr", "dstaddr", "start", "end", "tcp-flags", "flow-direction", "log-status"];
    const out = run(event("2001:db8::1 2001:db8::2 1718000000 1718000005 2 egress OK"), "whole", fields);
    expect(out.flows).toEqual([
      flow({
        start: 1718000000000, end: 1718000005000, srcaddr: "2001:db8::1", dstaddr: "2001:db8::2", tcpFlags: 2,
        direction: "egress", interfaceId: "eni-0c0ffee0c0ffee000",
      }),
    ]);
  });

  it("rejects bad events with the line where they start", () => {
    const input = [
      `{"events": [`,
      `  ${event(MESSAGE)},`,
      `  ${event(MESSAGE.replace(" 6 12", " x 12"))},`,
      `  {"logStreamName": "s", "timestamp": 1},`,
      `  ${event("2 111122223333 eni-0a1b2c3d4e5f60718 10.0.1.25")},`,
      `  {"message": bad json},`,
      `  42,`,
      `  ${event(MESSAGE)}`,
      `]}`,
      `{"events": [${event(MESSAGE)}`,
    ].join("\n");
    const out = run(input);
    expect(out.flows).toEqual([FLOW, FLOW, FLOW]); // the last event is complete although its document is cut off
    expect(out.rejects).toEqual([
      { line: 3, message: 'protocol "x" is not a number' },
      { line: 4, message: "log event has no message string" },
      { line: 5, message: "expected 14 fields, got 4" },
      { line: 6, message: expect.stringMatching(/^invalid JSON: /) },
      { line: 7, message: "array element is not a JSON object" },
      { line: 10, message: "file ends inside a JSON value" },
    ]);
  });

  it("reads CreateExportTask text lines and reports bad ones by line", () => {
    const text = `${fixture("cloudwatch-export.txt").toString()}2024-06-10T06:16:00.000Z 2 111122223333 eni-0a1b2c3d4e5f60718 oops\n`;
    const out = run(text);
    expect(out.flows).toEqual([FLOW, expect.objectContaining({ srcport: 5432, bytes: 8840 })]);
    expect(out.gaps).toHaveLength(1);
    expect(out.rejects).toEqual([{ line: 4, message: "expected 14 fields, got 4" }]);
    expect(run(text.replace(/\n/g, "\r\n"), "bytes")).toEqual(out);
  });

  it("reads Firehose JSON lines ({\"message\": record}), detecting the layout of their records", () => {
    const out = run(fixture("firehose-messages.jsonl"));
    expect(out.rejects).toEqual([]);
    expect(out.flows).toHaveLength(3);
    expect(out.flows[0]).toEqual(FLOW);
    expect(out.gaps).toEqual([{ start: 1718000100000, end: 1718000159000, status: "NODATA", interfaceId: "eni-0a1b2c3d4e5f60718", accountId: "111122223333" }]);
    // Firehose writes records back to back when no delimiter is configured.
    expect(run(fixture("firehose-messages.jsonl").toString().replace(/\n/g, ""), 5)).toEqual(out);
    const v5 = fixture("aws-v5-all-fields.log").toString().trim().split("\n").map((message) => JSON.stringify({ message })).join("\n");
    const v5out = run(v5);
    expect(v5out.rejects).toEqual([]);
    expect(v5out.flows.map((f) => f.direction)).toEqual(["egress", "ingress", "egress", "egress"]);
    expect(v5out.gaps).toHaveLength(2);
  });

  it("reads CloudWatch Logs subscription payloads, skipping and counting control messages", () => {
    const out = run(fixture("cloudwatch-subscription.json"));
    expect(out.rejects).toEqual([]);
    expect(out.flows).toEqual([FLOW]);
    expect(out.gaps).toEqual([{ start: 1718000100000, end: 1718000159000, status: "SKIPDATA", interfaceId: "eni-0a1b2c3d4e5f60718", accountId: "111122223333" }]);
    expect(out.notes).toEqual([{ line: 0, message: "1 CloudWatch Logs control message(s) skipped: subscription health checks, not flow records" }]);
    expect(run(fixture("cloudwatch-subscription.json"), "bytes")).toEqual(out);
  });

  it("sniffs its JSON and export text, and not S3 text, CSV, GCP JSON, other logs or binary", () => {
    expect(sniff(fixture("firehose-messages.jsonl"))).toBe(true);
    expect(sniff(fixture("cloudwatch-subscription.json"))).toBe(true);
    // A bare message must be a record of a standard layout: other JSON logs have messages too.
    expect(sniff('{"message":"rollout OK 10.0.3.7 v2 ACCEPT"}\n')).toBe(false);
    expect(sniff('{"kind":"Event","message":"Scaled up replica set web-5d8f to 3"}\n')).toBe(false);
    expect(sniff(fixture("cloudwatch-events.json"))).toBe(true);
    expect(sniff(fixture("cloudwatch-export.txt"))).toBe(true);
    expect(sniff(`${event(MESSAGE)}\n`)).toBe(true);
    expect(sniff(`${event("GET /healthz 200 3ms")}\n`)).toBe(false);
    expect(sniff("2024-06-10T06:14:00.000Z level=info msg=started\n")).toBe(false);
    expect(sniff(`${MESSAGE}\n`)).toBe(false);
    expect(sniff(fixture("gcp.jsonl"))).toBe(false);
    expect(sniff(randomBytes(4096))).toBe(false);
  });
});
