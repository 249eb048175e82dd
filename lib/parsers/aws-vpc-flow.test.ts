import { describe, expect, it } from "vitest";
import { awsVpcFlowFormat, createAwsVpcFlowParser } from "./aws-vpc-flow";
import { fixture, flow, parse, randomBytes, type Feed } from "./fixtures/collect";
import type { FlowSink } from "./flow-record";

const V2_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
const V2_LINE = "2 111122223333 eni-0a1b2c3d4e5f60718 10.0.1.25 10.0.2.40 51514 5432 6 12 3021 1718000040 1718000099 ACCEPT OK";
const V2_FLOW = flow({
  start: 1718000040000, end: 1718000099000, srcaddr: "10.0.1.25", dstaddr: "10.0.2.40", srcport: 51514, dstport: 5432,
  protocol: 6, packets: 12, bytes: 3021, action: "ACCEPT", interfaceId: "eni-0a1b2c3d4e5f60718", accountId: "111122223333",
});

const run = (input: string | Uint8Array, feed: Feed = "whole", fields?: string[]) =>
  parse((sink: FlowSink) => createAwsVpcFlowParser(sink, { fields }), input, feed);

describe("AWS VPC flow log parser", () => {
  it("parses the default v2 file with its header: flows, NODATA and SKIPDATA gaps", () => {
    const out = run(fixture("aws-v2.log"));
    expect(out.rejects).toEqual([]);
    expect(out.flows).toHaveLength(3);
    expect(out.flows[0]).toEqual(V2_FLOW);
    expect(out.flows[2]).toMatchObject({ action: "REJECT", dstport: 22, packets: 1 });
    expect(out.gaps).toEqual([
      { start: 1718000100000, end: 1718000159000, status: "NODATA", interfaceId: "eni-0a1b2c3d4e5f60718", accountId: "111122223333" },
      { start: 1718000160000, end: 1718000219000, status: "SKIPDATA", interfaceId: "eni-0a1b2c3d4e5f60718", accountId: "111122223333" },
    ]);
  });

  it("reads headerless input as default v2", () => {
    const withHeader = run(fixture("aws-v2.log"));
    const withoutHeader = run(fixture("aws-v2.log").toString().split("\n").slice(1).join("\n"));
    expect(withoutHeader).toEqual(withHeader);
  });

  it("maps a v5 custom header by name: flags, direction, packet addresses, IPv6, '-' as null", () => {
    const out = run(fixture("aws-v5.log"));
    expect(out.rejects).toEqual([]);
    expect(out.flows[0]).toEqual(
      flow({
        start: 1718000160000, end: 1718000211000, srcaddr: "10.0.3.7", dstaddr: "203.0.113.50", srcport: 443, dstport: 40211,
        protocol: 6, packets: 9, bytes: 4410, action: "ACCEPT", tcpFlags: 19, direction: "egress",
        interfaceId: "eni-0f00ba7c0ffee1234", pktSrcaddr: "10.0.3.7", pktDstaddr: "203.0.113.50",
      }),
    );
    expect(out.flows[2]).toMatchObject({ srcaddr: "2001:db8:1::7", pktDstaddr: "2600:1f18:4a3:6a00::10", direction: "ingress", tcpFlags: 4 });
    expect(out.gaps).toEqual([{ start: 1718000220000, end: 1718000279000, status: "NODATA", interfaceId: "eni-0f00ba7c0ffee1234", accountId: null }]);
  });

  it("maps unusual orders and subsets, skipping unknown and unmapped fields", () => {
    const input = [
      "log-status end resource-id start dstaddr srcaddr tcp-flags protocol some-future-field action az-id",
      "OK 1718000099 r-1 1718000040 10.0.2.40 10.0.1.25 - 6 x REJECT use1-az1",
      "NODATA 1718000159 - 1718000100 - - - - - - -",
    ].join("\n");
    const out = run(input);
    expect(out.rejects).toEqual([]);
    expect(out.flows).toEqual([
      flow({ start: 1718000040000, end: 1718000099000, srcaddr: "10.0.1.25", dstaddr: "10.0.2.40", protocol: 6, action: "REJECT" }),
    ]);
    expect(out.gaps).toEqual([{ start: 1718000100000, end: 1718000159000, status: "NODATA", interfaceId: null, accountId: null }]);
  });

  it("uses options.fields for headerless custom layouts (AWS ${field} syntax accepted)", () => {
    const fields = ["${srcaddr}", "${dstaddr}", "${start}", "${tcp-flags}", "${flow-direction}"];
    const out = run("10.0.0.1 10.0.0.2 1718000000 18 ingress\n", "whole", fields);
    expect(out.flows).toEqual([
      flow({ start: 1718000000000, end: 1718000000000, srcaddr: "10.0.0.1", dstaddr: "10.0.0.2", tcpFlags: 18, direction: "ingress" }),
    ]);
  });

  it("switches the mapping at every header line of concatenated objects", () => {
    const v5 = fixture("aws-v5.log").toString();
    const out = run(`${V2_HEADER}\n${V2_LINE}\n${v5}${V2_HEADER}\n${V2_LINE}\n`);
    expect(out.rejects).toEqual([]);
    expect(out.flows.map((f) => f.tcpFlags)).toEqual([null, 19, 2, 4, null]);
    expect(out.flows[4]).toEqual(V2_FLOW);
  });

  it("rejects bad lines with their line number and a precise reason, and keeps going", () => {
    const lines = [
      V2_HEADER,
      V2_LINE,
      "2 111122223333 eni-0a1b2c3d4e5f60718 10.0.1.25 10.0.2.40 51514 5432 6 12",
      V2_LINE.replace("51514", "abc"),
      V2_LINE.replace(" 6 12 ", " tcp 12 "),
      V2_LINE.replace("ACCEPT", "DROP"),
      V2_LINE.replace(" OK", " MAYBE"),
      V2_LINE.replace("3021", "123456789012345678901"),
      V2_LINE.replace("1718000040", "-"),
      V2_LINE.replace("5432", "5432 extra"),
      V2_LINE,
    ];
    const out = run(lines.join("\n"));
    expect(out.flows).toHaveLength(2);
    expect(out.rejects).toEqual([
      { line: 3, message: "expected 14 fields, got 9" },
      { line: 4, message: 'srcport "abc" is not a number' },
      { line: 5, message: 'protocol "tcp" is not a number' },
      { line: 6, message: 'action "DROP" is not ACCEPT or REJECT' },
      { line: 7, message: 'log-status "MAYBE" is not OK, NODATA or SKIPDATA' },
      { line: 8, message: 'bytes "123456789012345678901" is too large' },
      { line: 9, message: "start is missing" },
      { line: 10, message: "expected 14 fields, got 15" },
    ]);
  });

  it("rejects records of a layout without a start field and bad flow-direction values", () => {
    expect(run("srcaddr dstaddr\n10.0.0.1 10.0.0.2\n").rejects).toEqual([{ line: 2, message: "the field list has no start or end field" }]);
    expect(run("srcaddr end\n10.0.0.1 -\n").rejects).toEqual([{ line: 2, message: "end is missing" }]);
    expect(run("start flow-direction\n1718000000 sideways\n").rejects).toEqual([
      { line: 2, message: 'flow-direction "sideways" is not ingress or egress' },
    ]);
  });

  it("accepts CRLF, a BOM, blank lines, repeated spaces and a last line without newline", () => {
    const input = `\ufeff${V2_HEADER}\r\n${V2_LINE}\r\n\r\n${V2_LINE.replace(/ /g, "  ")}\r\n${V2_LINE}`;
    const out = run(input);
    expect(out.rejects).toEqual([]);
    expect(out.flows).toEqual([V2_FLOW, V2_FLOW, V2_FLOW]);
  });

  it("gives identical results whatever the chunk boundaries, including one byte at a time", () => {
    const input = Buffer.concat([Buffer.from("\ufeff"), fixture("aws-v5.log"), Buffer.from(`${V2_HEADER}\r\n${V2_LINE}\r\nbad line\n`)]);
    const whole = run(input);
    expect(whole.flows).toHaveLength(4);
    expect(whole.rejects).toEqual([{ line: 8, message: "expected 14 fields, got 2" }]);
    expect(run(input, "bytes")).toEqual(whole);
    for (const size of [2, 3, 7, 64, 129]) expect(run(input, size)).toEqual(whole);
  });

  it("sniffs S3 text with a header or as headerless v2, and nothing else", () => {
    const yes = (s: string | Buffer) => awsVpcFlowFormat.sniff(Buffer.from(s));
    expect(yes(fixture("aws-v2.log"))).toBe(true);
    expect(yes(fixture("aws-v5.log"))).toBe(true);
    expect(yes(`${V2_LINE}\n${V2_LINE}\n`)).toBe(true);
    expect(yes(`\ufeff${V2_HEADER}\r\n`)).toBe(true);
    expect(yes("")).toBe(false);
    expect(yes("the quick brown fox\njumps over\n")).toBe(false);
    expect(yes("# HELP node_nf_conntrack_entries x\nnode_nf_conntrack_entries 13000\n")).toBe(false);
    expect(yes(`${V2_LINE.replace("2 ", "3 ")}\n`)).toBe(false);
    expect(awsVpcFlowFormat.sniff(randomBytes(4096))).toBe(false);
  });
});
