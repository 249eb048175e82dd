// Headerless AWS flow records in the layouts AWS documents (v2 default, all fields of v3–v8,
// Transit Gateway v6), custom formats without start, and the refusal of records no layout fits.
import { describe, expect, it } from "vitest";
import { awsVpcFlowFormat, awsVpcFlowLayoutProblem, createAwsVpcFlowParser, sniffAwsVpcFlowWithFields } from "./aws-vpc-flow";
import { fixture, flow, parse, type Feed } from "./fixtures/collect";
import type { FlowSink } from "./flow-record";
import { STANDARD_LAYOUTS, standardLayoutOf } from "./vpc-layouts";
import { END_AS_TIME } from "./vpc-record";

const run = (input: string | Uint8Array, feed: Feed = "whole", fields?: readonly string[]) =>
  parse((sink: FlowSink) => createAwsVpcFlowParser(sink, { fields }), input, feed);
const text = (name: string) => fixture(name).toString();
const withoutHeader = (name: string) => text(name).split("\n").slice(1).join("\n");
const sniff = (s: string) => awsVpcFlowFormat.sniff(Buffer.from(s));

/** One record of `layout` with plain values: every field `-` except those given. */
function record(fields: readonly string[], values: Record<string, string>): string {
  return fields.map((f) => values[f] ?? "-").join(" ");
}

describe("standard headerless layouts", () => {
  it("are the documented field orders, each a superset of the previous version's, of distinct lengths", () => {
    expect(STANDARD_LAYOUTS.map((l) => [l.name, l.fields.length])).toEqual([
      ["v2 default", 14], ["v3 all fields", 21], ["v4 all fields", 25], ["v5 all fields", 29],
      ["Transit Gateway v6 default", 36], ["v7 all fields", 39], ["v8 all fields", 40],
    ]);
    const vpc = STANDARD_LAYOUTS.filter((l) => !l.name.startsWith("Transit"));
    for (let i = 1; i < vpc.length; i++) expect(vpc[i]!.fields.slice(0, vpc[i - 1]!.fields.length)).toEqual(vpc[i - 1]!.fields);
    expect(STANDARD_LAYOUTS[3]!.fields.slice(14)).toEqual([
      "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr", "region", "az-id",
      "sublocation-type", "sublocation-id", "pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path",
    ]);
  });

  it("reads the v2 default format without a header: flows, and NODATA/SKIPDATA as gaps", () => {
    const out = run(fixture("aws-v2-default.log"));
    expect(out.rejects).toEqual([]);
    expect(out.flows).toHaveLength(4);
    expect(out.flows[0]).toEqual(flow({
      start: 1718000010000, end: 1718000070000, srcaddr: "172.31.16.139", dstaddr: "172.31.16.21", srcport: 20641, dstport: 22,
      protocol: 6, packets: 20, bytes: 4249, action: "ACCEPT", interfaceId: "eni-0a1b2c3d4e5f60718", accountId: "111122223333",
    }));
    expect(out.flows[3]).toMatchObject({ accountId: "unknown", protocol: 1, srcport: 0 });
    expect(out.gaps.map((g) => [g.status, g.interfaceId])).toEqual([["NODATA", "eni-0b2c3d4e5f6071829"], ["SKIPDATA", "eni-0c3d4e5f607182930"]]);
  });

  it("reads all 29 v5 fields without a header, the same as with the header AWS writes to S3", () => {
    const headerless = run(fixture("aws-v5-all-fields.log"));
    expect(headerless.rejects).toEqual([]);
    expect(headerless.flows).toHaveLength(4);
    expect(headerless.flows[0]).toEqual(flow({
      start: 1718000160000, end: 1718000211000, srcaddr: "10.0.3.7", dstaddr: "203.0.113.50", srcport: 443, dstport: 40211,
      protocol: 6, packets: 9, bytes: 4410, action: "ACCEPT", tcpFlags: 19, direction: "egress", interfaceId: "eni-0f00ba7c0ffee1234",
      pktSrcaddr: "10.0.3.7", pktDstaddr: "203.0.113.50", accountId: "111122223333", vpcId: "vpc-0a1b2c3d4e5f60718",
      subnetId: "subnet-0123456789abcdef0", instanceId: "i-0123456789abcdef0",
    }));
    expect(headerless.flows.map((f) => [f.direction, f.tcpFlags, f.pktSrcaddr])).toEqual([
      ["egress", 19, "10.0.3.7"], ["ingress", 18, "52.216.8.35"], ["egress", 2, "10.0.33.5"], ["egress", 4, "2001:db8:1::7"],
    ]);
    expect(headerless.gaps.map((g) => g.status)).toEqual(["NODATA", "SKIPDATA"]);
    const header = STANDARD_LAYOUTS[3]!.fields.join(" ");
    expect(run(`${header}\n${text("aws-v5-all-fields.log")}`).flows).toEqual(headerless.flows);
    for (const feed of ["bytes", 7, 100] as const) expect(run(fixture("aws-v5-all-fields.log"), feed)).toEqual(headerless);
  });

  it("detects every standard layout from a record's field count and version, and checks its values", () => {
    for (const layout of STANDARD_LAYOUTS) {
      const line = record(layout.fields, {
        version: layout.version, srcaddr: "10.0.0.1", dstaddr: "10.0.0.2", start: "1718000000", end: "1718000060",
        "log-status": "OK", "resource-type": "TransitGateway",
      });
      expect(standardLayoutOf(line)?.name, layout.name).toBe(layout.name);
      expect(standardLayoutOf(line.replace(/^\d+/, "9")), `${layout.name} with another version`).toBeNull();
      expect(standardLayoutOf(`${line} extra`), `${layout.name} with a field more`).toBeNull();
    }
    const v2 = STANDARD_LAYOUTS[0]!.fields;
    const plain = { version: "2", srcaddr: "10.0.0.1", dstaddr: "10.0.0.2", start: "1718000000", end: "1718000060", action: "ACCEPT", "log-status": "OK" };
    expect(standardLayoutOf(record(v2, plain))).not.toBeNull();
    expect(standardLayoutOf(record(v2, { ...plain, start: "soon" }))).toBeNull();
    expect(standardLayoutOf(record(v2, { ...plain, action: "DROP" }))).toBeNull();
    expect(standardLayoutOf(record(v2, { ...plain, srcaddr: "eni-0a1b2c3d" }))).toBeNull(); // an ENI where an address belongs: another order
  });

  it("refuses headerless records no standard layout fits, saying what was tried, and reads none of them", () => {
    const custom = "eni-0a1b2c3d4e5f60718 10.0.1.25 10.0.2.40 6 1718000040 1718000099 ACCEPT OK";
    const out = run(`${custom}\n${custom}\n`);
    expect(out.flows).toEqual([]);
    expect(out.rejects).toHaveLength(2);
    expect(out.rejects[0]!.message).toMatch(/^a headerless record with 8 fields, the first "eni-0a1b2c3d4e5f60718" \(not a version\), fits none of the standard layouts \(tried: v2 default \(14 fields, version 2\), .*v8 all fields \(40 fields, version 8\)\); send the flow log's format as the "fields" form field$/);
    expect(sniff(`${custom}\n`)).toBe(false);
    expect(awsVpcFlowLayoutProblem(Buffer.from(`${custom}\n`))).toBe(out.rejects[0]!.message);
    expect(awsVpcFlowLayoutProblem(Buffer.from("the quick brown fox\n"))).toBeNull();
    expect(awsVpcFlowLayoutProblem(fixture("aws-v2.log"))).toBeNull();
    // The same records in their layout given as fields: read, and recognised.
    const fields = ["interface-id", "srcaddr", "dstaddr", "protocol", "start", "end", "action", "log-status"];
    expect(run(`${custom}\n`, "whole", fields).flows).toHaveLength(1);
    expect(sniffAwsVpcFlowWithFields(Buffer.from(`${custom}\n`), fields)).toBe(true);
    expect(sniffAwsVpcFlowWithFields(Buffer.from(`${custom}\n`), fields.slice(1))).toBe(false);
  });

  it("sniffs headerless files of the standard layouts, and not a line of one layout with another's version", () => {
    expect(sniff(text("aws-v2-default.log"))).toBe(true);
    expect(sniff(text("aws-v5-all-fields.log"))).toBe(true);
    expect(sniff(withoutHeader("aws-tgw.log"))).toBe(true);
    expect(sniff(text("aws-v5-all-fields.log").replace(/^5 /gm, "4 "))).toBe(false);
    // A bad record near the top does not hide the file: it is rejected with its line.
    const oneBad = text("aws-v5-all-fields.log").replace(/^5 (\S+ \S+ \S+ \S+) 51000 /m, "5 $1 port ");
    expect(oneBad).not.toBe(text("aws-v5-all-fields.log"));
    expect(sniff(oneBad)).toBe(true);
    expect(run(oneBad).rejects).toEqual([{ line: 3, message: 'srcport "port" is not a number' }]);
  });
});

describe("custom formats without start (NAT gateway, Transit Gateway styles)", () => {
  it("takes end as each record's time and says so once", () => {
    const out = run(fixture("aws-nat-custom.log"));
    expect(out.rejects).toEqual([]);
    expect(out.notes).toEqual([{ line: 0, message: END_AS_TIME }]);
    expect(out.flows).toHaveLength(3);
    expect(out.flows[0]).toEqual(flow({
      start: 1718000400000, end: 1718000400000, srcaddr: "10.0.1.25", dstaddr: "10.0.0.220", pktSrcaddr: "10.0.1.25",
      pktDstaddr: "198.51.100.20", srcport: 49152, dstport: 443, protocol: 6, packets: 14, bytes: 2100, action: "ACCEPT",
      interfaceId: "eni-0e1f2a3b4c5d6e7f8",
    }));
    expect(out.gaps).toEqual([{ start: 1718000460000, end: 1718000460000, status: "NODATA", interfaceId: "eni-0e1f2a3b4c5d6e7f8", accountId: null }]);
  });

  it("reads the same records headerless with their field list, as a format string too", () => {
    const withHeader = run(fixture("aws-nat-custom.log"));
    const formatString = text("aws-nat-custom.log").split("\n")[0]!.split(" ").map((f) => `\${${f}}`);
    expect(run(withoutHeader("aws-nat-custom.log"), "whole", formatString)).toEqual(withHeader);
  });
});

describe("Transit Gateway flow logs", () => {
  it("reads the v6 default layout: the attachment as the interface, packets lost ignored, no action", () => {
    const out = run(fixture("aws-tgw.log"));
    expect(out.rejects).toEqual([]);
    expect(out.notes).toEqual([]);
    expect(out.flows).toHaveLength(3);
    expect(out.flows[0]).toEqual(flow({
      start: 1718000100000, end: 1718000160000, srcaddr: "10.1.4.20", dstaddr: "10.2.8.30", srcport: 49152, dstport: 443,
      protocol: 6, packets: 10, bytes: 1200, tcpFlags: 2, direction: "egress", interfaceId: "tgw-attach-0b2c3d4e5f6071829",
      accountId: "111122223333",
    }));
    expect(out.flows.map((f) => f.interfaceId)).toEqual(["tgw-attach-0b2c3d4e5f6071829", "tgw-attach-0c93041526a7b8c9d", "tgw-attach-0b2c3d4e5f6071829"]);
    expect(out.gaps).toEqual([{ start: 1718000180000, end: 1718000240000, status: "NODATA", interfaceId: "tgw-attach-0b2c3d4e5f6071829", accountId: "111122223333" }]);
    expect(run(withoutHeader("aws-tgw.log"))).toEqual(out);
  });
});
