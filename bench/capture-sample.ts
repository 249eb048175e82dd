// The benchmark capture: ~1.3M small DNS/TCP packets (100 s at 5.5k qps, a SYN storm, TCP
// connections), written once, streaming, as a libpcap file.
import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { generateDnsCapture } from "../lib/samples/dns-capture-scenario";
import { createCaptureFileWriter } from "../lib/samples/pcap-writer";

export function ensureBenchCapture(target: string): void {
  if (existsSync(target)) return;
  const fd = openSync(target, "w");
  const writer = createCaptureFileWriter({ type: "pcap", link: "ethernet" }, (c) => writeSync(fd, c));
  const truth = generateDnsCapture(
    {
      seed: 42, seconds: 100, qps: 5500, unansweredRate: 0.02, servfailRate: 0.01, nxdomainRate: 0.05,
      ipv6Rate: 0.1, tcpRate: 0.02, latencyDistribution: { kind: "lognormal", medianMs: 5, sigma: 1 }, tcpConnectionsPerSecond: 200,
      synStorm: { startSecond: 40, seconds: 20, synsPerSecond: 1000, target: "10.9.9.9", port: 443, retransmits: 3 },
      keepTransactions: false,
    },
    (p) => writer.write(p),
  );
  writer.end();
  closeSync(fd);
  console.log(`generated ${truth.packets} packets → ${target}`);
}
