// The writers and the scenario generator checked against real tshark (when installed), so the
// synthetic truth used by the analyzer tests is itself verified independently of our parsers.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDnsCapture, type DnsCaptureOptions } from "./dns-capture-scenario";
import { createCaptureFileWriter, type CaptureFileFormat, type TimedPacket } from "./pcap-writer";

const hasTshark = spawnSync("tshark", ["-v"], { stdio: "ignore" }).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), "hindsight-pcap-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCENARIO: DnsCaptureOptions = {
  seed: 5, seconds: 3, qps: 40, ipv6Rate: 0.3, ipv6ExtensionHeaders: [0, 60], tcpRate: 0.2, unansweredRate: 0.1, servfailRate: 0.1,
  nxdomainRate: 0.1, retransmitAfterMs: 300, maxRetries: 2, latencyDistribution: { kind: "lognormal", medianMs: 100, sigma: 1 },
  synStorm: { startSecond: 0, seconds: 1, synsPerSecond: 20, target: "10.9.9.9", port: 443, retransmits: 2 }, tcpConnectionsPerSecond: 5,
};

function write(format: CaptureFileFormat, name: string) {
  const chunks: Uint8Array[] = [];
  const packets: TimedPacket[] = [];
  const w = createCaptureFileWriter(format, (c) => chunks.push(c));
  const truth = generateDnsCapture(SCENARIO, (p) => (packets.push(p), w.write(p)));
  w.end();
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat(chunks));
  return { file, truth, packets };
}

const tshark = (file: string, ...args: string[]) =>
  execFileSync("tshark", ["-r", file, "-T", "fields", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n").filter((l) => l !== "");

describe("dns capture scenario", () => {
  it("is deterministic, time-ordered and consistent with its truth", () => {
    const a: TimedPacket[] = [];
    const truth = generateDnsCapture(SCENARIO, (p) => a.push(p));
    const b: TimedPacket[] = [];
    generateDnsCapture(SCENARIO, (p) => b.push(p));
    expect(b).toEqual(a);
    expect(a.every((p, i) => i === 0 || p.tsUs >= a[i - 1]!.tsUs)).toBe(true);
    expect(truth.packets).toBe(a.length);
    const queries = [...truth.dnsSeconds.values()].reduce((n, s) => n + s.queries, 0);
    expect(queries).toBe(SCENARIO.seconds * SCENARIO.qps);
    expect(truth.transactions).toHaveLength(queries);
    expect(() => generateDnsCapture({ ...SCENARIO, retransmitAfterMs: 2500, maxRetries: 2 }, () => {})).toThrow(/5 s window/);
  });
});

describe.skipIf(!hasTshark)("files read by real tshark", () => {
  it.each<[string, CaptureFileFormat]>([
    ["le-us.pcap", { type: "pcap", link: "ethernet" }],
    ["be-ns.pcap", { type: "pcap", link: "qinq", nanos: true, bigEndian: true }],
    ["sll2.pcap", { type: "pcap", link: "sll2" }],
    ["two.pcapng", { type: "pcapng", interfaces: [{ link: "ethernet", tsresol: 9 }, { link: "sll", tsresol: 0x80 | 20, tsoffset: 1_700_000_000 }] }],
    ["be.pcapng", { type: "pcapng", bigEndian: true, interfaces: [{ link: "raw" }, { link: "null", tsresol: 7 }] }],
  ])("%s: same times and packets; dns.time equals the truth latency", (name, format) => {
    const { file, truth, packets } = write(format, name);
    const fields = ["frame.time_epoch", "udp.srcport", "tcp.srcport", "udp.dstport", "tcp.dstport", "dns.id", "dns.time", "_ws.malformed"];
    const rows = tshark(file, ...fields.flatMap((f) => ["-e", f])).map((l) => l.split("\t"));
    expect(rows).toHaveLength(packets.length);
    const answered = truth.transactions.filter((t) => t.latencyUs !== null);
    let withDnsTime = 0;
    rows.forEach(([epoch, udpSrc, tcpSrc, udpDst, tcpDst, id, time, malformed], i) => {
      const p = packets[i]!;
      const [s, f] = epoch!.split(".") as [string, string];
      expect(Number(s) * 1e6 + Number(f.slice(0, 6))).toBe(p.tsUs);
      expect(Number(udpSrc || tcpSrc)).toBe(p.packet.srcPort);
      expect(malformed ?? "").toBe("");
      if (!time) return;
      withDnsTime++;
      const t = answered.find((a) => a.clientPort === Number(udpDst || tcpDst) && a.dnsId === parseInt(id!, 16))!;
      const [ts, tf] = time.split(".") as [string, string];
      expect(Math.abs(Number(ts) * 1e9 + Number(tf.padEnd(9, "0")) - t.latencyUs! * 1000)).toBeLessThan(1000);
    });
    expect(withDnsTime).toBe(answered.length);
  });
});
