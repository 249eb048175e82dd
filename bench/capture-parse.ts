// Parse-only throughput of the pcap parser on a generated capture of ~1.3M small DNS/TCP packets.
//   npx tsx bench/capture-parse.ts [file.pcap]
// Writes the capture to the OS temp dir once (streaming), loads it into memory, then times
// pcap → CapturePacket (link, IP, TCP/UDP, DNS decode) into a counting sink, fed in 64 KiB
// chunks; then the same plus the capture analysis (DNS matching, rollups). Best of 3 runs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { CaptureAnalyzer } from "../lib/captures/capture-analyzer";
import type { CaptureSink } from "../lib/parsers/capture/packet";
import { createPcapParser } from "../lib/parsers/capture/pcap";
import { ensureBenchCapture } from "./capture-sample";

const file = process.argv[2] ?? path.resolve("bench/out/dns-1.3M.pcap");
const CHUNK = 64 * 1024;

function time(data: Buffer, makeSink: () => { sink: CaptureSink; done: () => void }): { seconds: number; packets: number } {
  let packets = 0;
  const { sink, done } = makeSink();
  const counting: CaptureSink = { packet: (p) => (packets++, sink.packet(p)), reject: sink.reject };
  const start = process.hrtime.bigint();
  const parser = createPcapParser(counting);
  for (let off = 0; off < data.length; off += CHUNK) parser.write(data.subarray(off, off + CHUNK));
  parser.end();
  done();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, packets };
}

function report(label: string, data: Buffer, makeSink: () => { sink: CaptureSink; done: () => void }): void {
  const runs = [0, 1, 2].map(() => time(data, makeSink));
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  console.log(
    `${label}: ${best.packets} packets in ${best.seconds.toFixed(3)} s → ` +
      `${Math.round(best.packets / best.seconds).toLocaleString("en")} packets/s, ${(data.length / 1e6 / best.seconds).toFixed(1)} MB/s ` +
      `(runs: ${runs.map((r) => r.seconds.toFixed(3)).join(", ")} s)`,
  );
}

ensureBenchCapture(file);
const data = readFileSync(file);
console.log(`${file}: ${(data.length / 1e6).toFixed(1)} MB, node ${process.version}`);
report("parse only", data, () => ({ sink: { packet: () => {}, reject: () => {} }, done: () => {} }));
report("parse + analysis", data, () => {
  const analyzer = new CaptureAnalyzer();
  return { sink: analyzer.sinkFor(0), done: () => analyzer.finish() };
});
