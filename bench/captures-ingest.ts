// Benchmark: end-to-end ingest of a generated 1.3M-packet DNS/TCP capture through the
// HTTP upload API vs `tshark -r FILE -T fields` extracting the same fields, in the same run.
//
//   npx tsx bench/captures-ingest.ts [--runs 3]
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBenchCapture } from "./capture-sample";
import { BASE, createIncident, machine, median, startServer, stopServer, timed, withPeakRss } from "./lib";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);
const out = path.resolve("bench/out");
mkdirSync(out, { recursive: true });
const file = path.join(out, "dns-1.3M.pcap");
ensureBenchCapture(file);
const size = statSync(file).size;
const FIELDS = ["frame.time_epoch", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport",
  "tcp.flags", "tcp.seq_raw", "dns.id", "dns.flags.response", "dns.qry.name", "dns.qry.type", "dns.flags.rcode"];

const server = await startServer(path.join(out, "data"));
try {
  const ours: number[] = [];
  const tshark: number[] = [];
  let peak = 0;
  let answer: { rowsParsed?: number } = {};
  for (let i = 0; i < runs; i++) {
    const t = await timed(async () => execFileSync("tshark", ["-n", "-r", file, "-T", "fields", ...FIELDS.flatMap((f) => ["-e", f])], { maxBuffer: 1 << 30, stdio: ["ignore", "ignore", "ignore"] }));
    tshark.push(t.seconds);
    const incident = await createIncident(`capture bench ${i}`);
    const { result, peakRss } = await withPeakRss(() =>
      timed(async () => JSON.parse(execFileSync("curl", ["-sS", "-F", `file=@${file}`, `${BASE}/api/incidents/${incident}/uploads`], { maxBuffer: 16 << 20 }).toString())),
    );
    ours.push(result.seconds);
    peak = Math.max(peak, peakRss);
    answer = result.result.uploads[0];
    await new Promise((r) => setTimeout(r, 8000)); // let the detectors that follow an upload finish
    console.log(`run ${i + 1}: hindsight ${result.seconds.toFixed(2)} s, tshark -T fields ${t.seconds.toFixed(2)} s`);
  }
  const h = median(ours);
  const s = median(tshark);
  console.log(`\n| ${new Date().toISOString().slice(0, 10)} | ${machine()} | ${answer.rowsParsed?.toLocaleString("en-US")} packets, ${(size / 2 ** 20).toFixed(0)} MiB | ` +
    `${h.toFixed(2)} s | ${s.toFixed(2)} s | ${(s / h).toFixed(1)}x faster | ${(peak / 2 ** 20).toFixed(0)} MiB |`);
} finally {
  await stopServer(server);
}
