import { describe, expect, it } from "vitest";
import { collectCapture } from "./collect-capture";
import { createTcpdumpTextParser, tcpdumpTextFormat, type TcpdumpTextOptions } from "./tcpdump-text";

const parse = (text: string, options?: TcpdumpTextOptions, chunkSize?: number) =>
  collectCapture((sink) => createTcpdumpTextParser(sink, options), Buffer.from(text), chunkSize);

// docs/formats.md §4.1 constructed examples.
const EXAMPLE = `1718000000.100000 IP 10.0.0.5.40000 > 10.0.0.2.53: 12345+ A? example.com. (29)
1718000000.112345 IP 10.0.0.2.53 > 10.0.0.5.40000: 12345 1/0/0 A 93.184.216.34 (45)
1718000000.200000 IP 10.0.0.5.40001 > 10.0.0.2.53: 7+ [1au] AAAA? missing.example. (44)
1718000000.250000 IP 10.0.0.2.53 > 10.0.0.5.40001: 7 NXDomain 0/1/1 (103)
1718000000.900000 IP 10.0.0.2.53 > 10.0.0.5.40002: 8 ServFail 0/0/0 (29)
1718000001.000000 IP 10.0.0.5.50000 > 10.0.0.9.443: Flags [S], seq 1000, win 65535, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0
1718000001.001000 IP 10.0.0.9.443 > 10.0.0.5.50000: Flags [S.], seq 5000, ack 1001, win 65535, length 0
1718000001.400000 IP 10.0.0.9.443 > 10.0.0.5.50000: Flags [R], seq 5001, win 0, length 0
`;

describe("tcpdump text parser", () => {
  it("reads the docs/formats.md examples: DNS queries, responses, rcodes and TCP flags", () => {
    const { packets, issues } = parse(EXAMPLE);
    expect(issues).toEqual([]);
    expect(tcpdumpTextFormat.sniff(Buffer.from(EXAMPLE))).toBe(true);
    expect(packets[0]).toMatchObject({
      frame: 1, ts: 1_718_000_000_100_000, ipVersion: 4, src: "10.0.0.5", dst: "10.0.0.2", protocol: 17, srcPort: 40000, dstPort: 53,
      dns: [{ id: 12345, response: false, qname: "example.com", qtype: 1, flags: 0x0100, length: 29 }],
    });
    expect(packets.slice(1, 5).map((p) => p.dns?.[0] && [p.dns[0].id, p.dns[0].response, p.dns[0].rcode, p.dns[0].qtype, p.dns[0].answerCount])).toEqual([
      [12345, true, 0, null, 1],
      [7, false, 0, 28, 0],
      [7, true, 3, null, 0],
      [8, true, 2, null, 0],
    ]);
    expect(packets.slice(5).map((p) => [p.protocol, p.tcp?.flags, p.tcp?.seq, p.tcp?.ack, p.tcp?.payloadLength])).toEqual([
      [6, 0x02, 1000, 0, 0],
      [6, 0x12, 5000, 1001, 0],
      [6, 0x04, 5001, 0, 0],
    ]);
  });

  it("reads -tttt local times with the given UTC offset (default UTC)", () => {
    const line = "2024-06-10 11:43:20.100000 IP 10.0.0.5.40000 > 10.0.0.2.53: 12345+ A? example.com. (29)\n";
    expect(parse(line).packets[0]?.ts).toBe(Date.UTC(2024, 5, 10, 11, 43, 20) * 1000 + 100_000);
    expect(parse(line, { utcOffsetMinutes: 330 }).packets[0]?.ts).toBe(Date.UTC(2024, 5, 10, 6, 13, 20) * 1000 + 100_000);
    expect(parse(line, { utcOffsetMinutes: -300 }).packets[0]?.ts).toBe(Date.UTC(2024, 5, 10, 16, 43, 20) * 1000 + 100_000);
  });

  it("splits IPv6 endpoints on the last dot and keeps 9-digit fractions to the µs", () => {
    const { packets } = parse("1718000000.123456789 IP6 2001:db8::1.53 > ::ffff:10.0.0.5.40000: 77 Refused- 0/0/0 (29)\n");
    expect(packets[0]).toMatchObject({ ts: 1_718_000_000_123_456, ipVersion: 6, src: "2001:db8::1", srcPort: 53, dst: "::ffff:10.0.0.5", dstPort: 40000, dns: [{ id: 77, rcode: 5 }] });
  });

  it("reads DNS over TCP after the TCP fields and all flag letters", () => {
    const { packets } = parse(
      "1718000000.1 IP 127.0.0.1.33927 > 127.0.0.1.53: Flags [P.], seq 1:53, ack 1, win 64, options [nop,nop,TS val 3 ecr 9], length 52 24636+ [1au] A? nx-1.test. (50)\n" +
        "1718000000.2 IP 127.0.0.1.53 > 127.0.0.1.33927: Flags [FPUEWe.], seq 1:30, ack 53, win 64, length 29 24636 NXDomain* 0/0/0 (27)\n" +
        "1718000000.3 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [none], seq 1, win 0, length 0\n",
    );
    expect(packets.map((p) => [p.tcp?.flags, p.tcp?.payloadLength, p.dns?.[0]?.id, p.dns?.[0]?.rcode])).toEqual([
      [0x18, 52, 24636, 0],
      [0x1f9, 29, 24636, 3],
      [0, 0, undefined, undefined],
    ]);
  });

  it("joins -v continuation lines and skips the (tos …) group", () => {
    const text = `1795240200.103623 IP (tos 0x0, ttl 64, id 16063, offset 0, flags [none], proto UDP (17), length 80)
    127.0.0.1.36143 > 127.0.0.1.53: [udp sum ok] 9750+ [1au] A? fast-1.test. ar: . OPT UDPsize=1232 (52)
1795240205.319697 IP (tos 0x0, ttl 64, id 16091, offset 0, flags [DF], proto TCP (6), length 60)
    127.0.0.1.34399 > 127.0.0.1.53: Flags [S], cksum 0xfe30 (incorrect -> 0xa7a0), seq 2104073884, win 64660, length 0
`;
    const { packets, issues } = parse(text, {}, 5);
    expect(issues).toEqual([]);
    expect(packets.map((p) => [p.frame, p.srcPort, p.dns?.[0]?.qname, p.tcp?.seq])).toEqual([[1, 36143, "fast-1.test", undefined], [3, 34399, undefined, 2104073884]]);
  });

  it("ignores banners, keeps non-IP lines, rejects lines without an absolute time", () => {
    const { packets, issues } = parse(
      "reading from file x.pcap, link-type EN10MB (Ethernet), snapshot length 262144\n" +
        "1718000000.000001 ARP, Request who-has 10.0.0.1 tell 10.0.0.2, length 28\n" +
        "1718000000.000002 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64\n" +
        "11:43:20.100000 IP 10.0.0.5.40000 > 10.0.0.2.53: 1+ A? a. (17)\n" +
        "1718000000.000003 IP host.example.domain > 10.0.0.2.53: 1+ A? a. (17)\n" +
        "garbage\n" +
        "3 packets captured\n",
    );
    expect(packets.map((p) => [p.frame, p.ipVersion, p.protocol])).toEqual([[2, null, null], [3, 4, 1]]);
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [4, "time of day without a date: print the capture with tcpdump -tt (or -tttt)"],
      [5, "unreadable addresses (print the capture with tcpdump -n)"],
      [6, "not a tcpdump -n -tt / -tttt line"],
    ]);
  });
});
