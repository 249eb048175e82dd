import { describe, expect, it } from "vitest";
import { collectCapture } from "./collect-capture";
import { createTsharkFieldsParser, tsharkFieldsFormat } from "./tshark-fields";

const parse = (text: string, chunkSize?: number) => collectCapture(createTsharkFieldsParser, Buffer.from(text), chunkSize);

// docs/formats.md §4.2 constructed CSV, plus ports so that transactions can be matched.
const CSV = `frame.time_epoch,ip.src,ip.dst,udp.srcport,udp.dstport,tcp.flags,dns.id,dns.flags.response,dns.qry.name,dns.time,dns.flags.rcode
1718000000.100000000,10.0.0.5,10.0.0.2,40000,53,,0x3039,0,example.com,,
1718000000.112345000,10.0.0.2,10.0.0.5,53,40000,,0x3039,1,example.com,0.012345000,0
1718000000.250000000,10.0.0.2,10.0.0.5,53,40001,,0x0007,1,missing.example,0.050000000,3
1718000001.001000000,10.0.0.9,10.0.0.5,,,0x0012,,,,,
`;

describe("tshark fields parser", () => {
  it("maps columns by header name (comma-separated)", () => {
    expect(tsharkFieldsFormat.sniff(Buffer.from(CSV))).toBe(true);
    const { packets, issues } = parse(CSV, 11);
    expect(issues).toEqual([]);
    expect(packets[0]).toMatchObject({ frame: 2, ts: 1_718_000_000_100_000, ipVersion: 4, src: "10.0.0.5", protocol: 17, srcPort: 40000, dstPort: 53, dns: [{ id: 0x3039, response: false, qname: "example.com" }] });
    expect(packets[2]!.dns).toEqual([expect.objectContaining({ id: 7, response: true, rcode: 3, qname: "missing.example" })]);
    expect(packets[3]).toMatchObject({ protocol: null, tcp: null, dns: null });
  });

  it("reads tab-separated output with TCP fields, IPv6 and True/False booleans", () => {
    const tsv = [
      "frame.number\tframe.time_epoch\tipv6.src\tipv6.dst\ttcp.srcport\ttcp.dstport\ttcp.flags\ttcp.seq_raw\ttcp.seq\ttcp.len\tdns.id\tdns.flags.response\tdns.qry.name\tdns.qry.type",
      "7\t1718000000.5\t2001:db8::5\t2001:db8::2\t50000\t53\t0x0002\t4000000000\t0\t0\t\t\t\t",
      "9\t1718000000.6\t2001:db8::2\t2001:db8::5\t53\t50000\t0x0018\t17\t1\t60\t0x0001,0x0002\tTrue,True\t<Root>,b.example\t2,28",
    ].join("\n");
    const { packets, issues } = parse(tsv);
    expect(issues).toEqual([]);
    expect(packets[0]).toMatchObject({ frame: 7, ipVersion: 6, protocol: 6, tcp: { flags: 2, seq: 4_000_000_000, payloadLength: 0 } });
    expect(packets[1]!.dns?.map((m) => [m.id, m.response, m.qname, m.qtype])).toEqual([[1, true, ".", 2], [2, true, "b.example", 28]]);
  });

  it("splits quoted multi-valued fields (-E quote=d) and rejects ambiguous unquoted rows", () => {
    const quoted = 'frame.time_epoch,ip.src,dns.a,dns.id\n"1718000000.1","10.0.0.2","1.2.3.4,5.6.7.8","0x0009"\n';
    expect(parse(quoted).packets[0]).toMatchObject({ src: "10.0.0.2", dns: [{ id: 9 }] });
    const ambiguous = "frame.time_epoch,ip.src,dns.a,dns.id\n1718000000.1,10.0.0.2,1.2.3.4,5.6.7.8,0x0009\n";
    const { packets, issues } = parse(ambiguous);
    expect(packets).toEqual([]);
    expect(issues).toEqual([{ line: 2, message: "5 columns, header has 4 (a multi-valued field? use -E quote=d or -E occurrence=f)" }]);
  });

  it("requires a header with frame.time_epoch and a valid time", () => {
    expect(parse("1718000000.1,10.0.0.2\n1718000000.2,10.0.0.2\n").issues).toEqual([
      { line: 1, message: "the first line must be the field names (tshark -E header=y)" },
      { line: 2, message: "the first line must be the field names (tshark -E header=y)" },
    ]);
    expect(parse("ip.src,ip.dst\n10.0.0.1,10.0.0.2\n").issues[0]?.message).toMatch(/frame.time_epoch/);
    expect(parse("frame.time_epoch,ip.src\nyesterday,10.0.0.1\n").issues).toEqual([{ line: 2, message: 'bad frame.time_epoch "yesterday"' }]);
    expect(tsharkFieldsFormat.sniff(Buffer.from("start,end,srcaddr\n1,2,3\n"))).toBe(false);
  });
});
