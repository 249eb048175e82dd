import { describe, expect, it } from "vitest";
import { fixture, flow, parse, randomBytes, type Feed } from "./fixtures/collect";
import { createFlowCsvParser, flowCsvFormat, splitCsvLine } from "./flow-csv";
import type { FlowSink } from "./flow-record";

const run = (input: string | Uint8Array, feed: Feed = "whole", fields?: string[]) =>
  parse((sink: FlowSink) => createFlowCsvParser(sink, { fields }), input, feed);

const V2_FLOW = flow({
  start: 1718000040000, end: 1718000099000, srcaddr: "10.0.1.25", dstaddr: "10.0.2.40", srcport: 51514, dstport: 5432,
  protocol: 6, packets: 12, bytes: 3021, action: "ACCEPT", interfaceId: "eni-0a1b2c3d4e5f60718", accountId: "111122223333",
});
const V2_GAP = { start: 1718000100000, end: 1718000159000, status: "NODATA", interfaceId: "eni-0a1b2c3d4e5f60718", accountId: "111122223333" };

describe("splitCsvLine", () => {
  it("follows RFC 4180 quoting", () => {
    expect(splitCsvLine("a,,c")).toEqual(["a", "", "c"]);
    expect(splitCsvLine('"a,b","say ""hi""",,"",x,')).toEqual(["a,b", 'say "hi"', "", "", "x", ""]);
    expect(splitCsvLine('"open,b')).toMatch(/unterminated quoted value/);
    expect(splitCsvLine('"a"b,c')).toBe("unexpected text after a closing quote at character 4");
  });
});

describe("flow CSV parser", () => {
  it("reads Athena results: snake_case columns, quoted values, empty cells as null, NODATA as a gap", () => {
    const out = run(fixture("athena.csv"));
    expect(out.rejects).toEqual([]);
    expect(out.flows).toEqual([
      flow({
        start: 1718000160000, end: 1718000160000, srcaddr: "10.0.3.7", dstaddr: "10.0.40.99", srcport: 51000, dstport: 8080,
        protocol: 6, packets: 1, bytes: 60, action: "ACCEPT", tcpFlags: 2, direction: "egress", interfaceId: "eni-0f00ba7c0ffee1234",
        accountId: "111122223333", pktSrcaddr: "10.0.33.5",
      }),
      expect.objectContaining({ tcpFlags: 18, direction: "ingress", pktSrcaddr: null }),
    ]);
    expect(out.gaps).toEqual([{ start: 1718000220000, end: 1718000279000, status: "NODATA", interfaceId: "eni-0f00ba7c0ffee1234", accountId: "111122223333" }]);
  });

  it("reads Logs Insights camelCase columns with '-' as null", () => {
    const out = run(fixture("insights.csv"));
    expect(out.rejects).toEqual([]);
    expect(out.flows).toEqual([V2_FLOW]);
    expect(out.gaps).toEqual([V2_GAP]);
  });

  it("decodes @message as a v2 record when that is all there is, or with options.fields", () => {
    expect(run(fixture("insights-message.csv"))).toEqual({ flows: [V2_FLOW], gaps: [V2_GAP], rejects: [], notes: [] });
    const custom = run('@logStream,@message\neni-0abc-all,"10.0.0.1 10.0.0.2 1718000000 2"\n', "whole", ["srcaddr", "dstaddr", "start", "tcp-flags"]);
    expect(custom.flows).toEqual([
      flow({ start: 1718000000000, end: 1718000000000, srcaddr: "10.0.0.1", dstaddr: "10.0.0.2", tcpFlags: 2, interfaceId: "eni-0abc" }),
    ]);
  });

  it("normalises column names, accepts ISO times and quoted commas, ignores unknown columns", () => {
    const input = [
      "Src-Addr,DST_ADDR,Start_Time,END,Note,IPv6 Dst",
      '10.0.0.1,10.0.0.2,2024-06-10 06:14:00.000,1718000099,"a, ""quoted"" note",x',
      "10.0.0.1,10.0.0.2,2024-06-10T06:14:00Z,1718000099000,,",
      "2001:db8::1,2001:db8::2,1718000040,1718000099,,",
    ].join("\n");
    const out = run(input);
    expect(out.rejects).toEqual([]);
    const expected = flow({ start: 1718000040000, end: 1718000099000, srcaddr: "10.0.0.1", dstaddr: "10.0.0.2" });
    expect(out.flows).toEqual([expected, expected, { ...expected, srcaddr: "2001:db8::1", dstaddr: "2001:db8::2" }]);
  });

  it("rejects bad rows with their line number and reason", () => {
    const input = [
      "srcaddr,dstaddr,srcport,start,end,action,tcp_flags,flow_direction",
      "10.0.0.1,10.0.0.2,443,1718000000,1718000001,ACCEPT,2,egress",
      "10.0.0.1,10.0.0.2,443,1718000000",
      "10.0.0.1,10.0.0.2,https,1718000000,1718000001,ACCEPT,2,egress",
      "10.0.0.1,10.0.0.2,443,yesterday,1718000001,ACCEPT,2,egress",
      "10.0.0.1,10.0.0.2,443,1718000000,1718000001,DROP,2,egress",
      "10.0.0.1,10.0.0.2,443,1718000000,1718000001,ACCEPT,SYN,egress",
      "10.0.0.1,10.0.0.2,443,,1718000001,ACCEPT,2,egress",
      '10.0.0.1,10.0.0.2,443,"1718000000,1718000001,ACCEPT,2,egress',
      "10.0.0.1,10.0.0.2,443,1718000000,1718000001,ACCEPT,2,egress",
    ].join("\n");
    const out = run(input);
    expect(out.flows).toHaveLength(2);
    expect(out.rejects).toEqual([
      { line: 3, message: "expected 8 fields, got 4" },
      { line: 4, message: 'srcport "https" is not a number' },
      { line: 5, message: 'start "yesterday" is not a time' },
      { line: 6, message: 'action "DROP" is not ACCEPT or REJECT' },
      { line: 7, message: 'tcp_flags "SYN" is not a number' },
      { line: 8, message: "start is missing" },
      { line: 9, message: "unterminated quoted value (a line break inside quotes is not supported)" },
    ]);
  });

  it("rejects a header without flow columns and switches layout at a repeated header", () => {
    expect(run("time,value\n1,2\n").rejects).toEqual([
      { line: 1, message: "no flow columns in the header (need srcaddr/dstaddr with start/startTime, or @message)" },
      { line: 2, message: "row without a usable header" },
    ]);
    const athena = fixture("athena.csv").toString();
    const twice = run(athena + fixture("insights.csv").toString());
    expect(twice.rejects).toEqual([]);
    expect(twice.flows).toHaveLength(3);
    expect(twice.gaps).toHaveLength(2);
  });

  it("gives identical results with CRLF, a BOM and one byte at a time", () => {
    const input = `\ufeff${fixture("athena.csv").toString().replace(/\n/g, "\r\n")}`;
    const whole = run(input);
    expect(whole.flows).toHaveLength(2);
    expect(run(input, "bytes")).toEqual(whole);
    expect(run(fixture("athena.csv"))).toEqual(whole);
  });

  it("sniffs flow CSVs only, not metric or packet CSVs, other flow formats or binary", () => {
    const sniff = (s: string | Uint8Array) => flowCsvFormat.sniff(typeof s === "string" ? Buffer.from(s) : s);
    expect(sniff(fixture("athena.csv"))).toBe(true);
    expect(sniff(fixture("insights.csv"))).toBe(true);
    expect(sniff(fixture("insights-message.csv"))).toBe(true);
    expect(sniff('"Time","node_nf_conntrack_entries"\n"2024-06-10 06:14:00",13000\n')).toBe(false);
    expect(sniff("frame.time_epoch,ip.src,ip.dst,tcp.flags\n1718000000.1,10.0.0.1,10.0.0.2,0x0002\n")).toBe(false);
    expect(sniff("@timestamp,@message\n2024-06-10 06:14:00.000,GET /healthz 200\n")).toBe(false);
    expect(sniff(fixture("aws-v2.log"))).toBe(false);
    expect(sniff(randomBytes(4096))).toBe(false);
  });
});
