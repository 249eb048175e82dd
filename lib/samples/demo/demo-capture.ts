// Demo capture on the node-local-dns host, upstream side: normal answers, then three minutes in
// which upstream TCP cannot be set up (SYN retransmissions to port 53) and answers take seconds
// or never come, then normal again.
import { closeSync, openSync, writeSync } from "node:fs";
import { generateDnsCapture, type DnsCaptureOptions } from "../dns-capture-scenario";
import { createCaptureFileWriter } from "../pcap-writer";
import { DEMO } from "./scenario";

const S = 1_000_000;

export function writeDemoCapture(path: string): void {
  const fd = openSync(path, "w");
  const writer = createCaptureFileWriter({ type: "pcap", link: "ethernet" }, (c) => writeSync(fd, c));
  const base: Omit<DnsCaptureOptions, "seed" | "startUs" | "seconds"> = {
    qps: 40, clients: 1, servers: [DEMO.upstreamResolver], nxdomainRate: 0.02, keepTransactions: false,
    latencyDistribution: { kind: "lognormal", medianMs: 2, sigma: 0.6 },
  };
  const calmBefore = { ...base, seed: 1, startUs: (DEMO.t0 + 5 * 60_000) * S / 1000, seconds: 320 };
  const trouble: DnsCaptureOptions = {
    ...base, seed: 2, startUs: DEMO.stormFrom * 1000, seconds: 180, unansweredRate: 0.12, servfailRate: 0.1,
    latencyDistribution: { kind: "lognormal", medianMs: 1800, sigma: 0.9 }, retransmitAfterMs: 2000, maxRetries: 2,
    synStorm: { startSecond: 0, seconds: 175, synsPerSecond: 4, target: DEMO.upstreamResolver, port: 53, retransmits: 3 },
  };
  const calmAfter = { ...base, seed: 3, startUs: (DEMO.stormFrom + 200_000) * 1000, seconds: 360 };
  for (const segment of [calmBefore, trouble, calmAfter]) generateDnsCapture(segment, (p) => writer.write(p));
  writer.end();
  closeSync(fd);
}
