// `npm run corpus`: runs the corpus comparison (corpus-run.ts) and writes CORPUS.md at the
// repository root: the verdicts, reasons and per-file results, with the command, tshark version,
// date and run time. `-- --cold` reads every file with tshark again (an empty cache of its own),
// to measure what a first run costs. Exits 1 when a file differs with no stated reason, as the test does.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import type { FileResult } from "./compare";
import { TOLERANCES } from "./compare";
import { CORPUS_DIR } from "@/scripts/corpus/corpus-dir";
import { runCorpus, tally } from "./corpus-run";
import { KNOWN_DIFFERENCES } from "./known-differences";

const ROOT = path.resolve(import.meta.dirname, "../..");
const cpus = (await import("node:os")).availableParallelism();
const dir = CORPUS_DIR;
if (!existsSync(dir)) {
  console.error(`[corpus] no corpus folder at ${dir} (set HINDSIGHT_CORPUS_DIR)`);
  process.exit(1);
}

const cold = process.argv.includes("--cold");
const coldCache = cold ? mkdtempSync(path.join(tmpdir(), "hindsight-corpus-cold-")) : undefined;
const load = loadavg()[0]!;
/** CPU seconds of this process and of its finished children (tshark), from /proc (Linux); null elsewhere. */
function cpuSeconds(): { self: number; children: number } | null {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    const tick = 100; // USER_HZ on Linux
    return { self: (Number(fields[11]) + Number(fields[12])) / tick, children: (Number(fields[13]) + Number(fields[14])) / tick };
  } catch {
    return null;
  }
}
const cpuBefore = cpuSeconds();
const run = await runCorpus(dir, { cacheDir: coldCache });
const cpuAfter = cpuSeconds();
const cpu = cpuBefore && cpuAfter ? `; CPU ${(cpuAfter.self - cpuBefore.self).toFixed(0)} s in Node (parsing, analysis, hashing) and ${(cpuAfter.children - cpuBefore.children).toFixed(0)} s in tshark, so about ${((cpuAfter.self - cpuBefore.self + cpuAfter.children - cpuBefore.children) / cpus).toFixed(0)} s on ${cpus} idle cores` : "";
if (coldCache) rmSync(coldCache, { recursive: true, force: true });
const t = tally(run.results);
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const diffText = (r: FileResult) => r.differences.map((d) => `${d.metric} ${d.tshark ?? "–"}→${d.hindsight ?? "–"}`).join(", ");
const countBy = (rows: FileResult[], key: (r: FileResult) => string) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};
const agreeing = run.results.filter((r) => r.verdict === "agree");
const substantive = agreeing.filter((r) => r.substantive).length;
const setAsideFiles = run.results.filter((r) => r.hindsightReasons.length > 0);

const lines = [
  "# Corpus: Hindsight against tshark",
  "",
  `Every capture in \`${path.relative(ROOT, dir) || dir}\` (${run.results.length} files) read through the upload path (compression by magic bytes, format sniffing, the parser, CaptureAnalyzer) and compared with tshark ${run.tsharkVersion} on: DNS queries (transactions), answers, answers by rcode (EDNS extended), max and p50 latency (exact, and the series' histogram p50), TCP packets by flag class (SYN, SYN-ACK, RST, FIN, other, none), and frames read. Written by \`npm run corpus\`; the same check is the test \`npx vitest run test/corpus/corpus.test.ts\` (part of \`npm test\`).`,
  "",
  `- Date: ${new Date().toISOString().slice(0, 10)}`,
  `- tshark: \`tshark -2 -n -r FILE -T fields -E separator=/t -e …\` (TShark ${run.tsharkVersion}); one process per file, two at a time; output cached in \`node_modules/.cache/hindsight-corpus\` by file SHA-256, tshark version and field list`,
  `- This run: ${run.seconds.toFixed(1)} s with ${run.cached} of ${run.results.length} tshark readings from the cache${cold ? " (`npm run corpus -- --cold`: every file read by tshark again)" : ""}, on ${cpus} cores at a load average of ${load.toFixed(1)} when it started (other work sharing them)${cpu}; the test (\`test/corpus/corpus.test.ts\`) does the same work`,
  "- Tolerances: single latencies within " + `${TOLERANCES.latencyUs} µs (ns captures are floored to µs at both ends); the series p50 within a histogram bucket (p/64) + 1 µs; every count exact`,
  "",
  "## Verdicts",
  "",
  "| Verdict | Files |",
  "|---|---|",
  `| agree, with DNS or TCP to compare | ${substantive} |`,
  `| agree, nothing to compare (no DNS/TCP; frames agree) | ${agreeing.length - substantive} |`,
  `| set aside by Hindsight with its reason (not supported) | ${t["not-supported"]} |`,
  `| tshark also fails | ${t["tshark-fails"]} |`,
  `| known difference (reviewed, below) | ${t.known} |`,
  `| **differ, no reason (test fails)** | **${t.differ}** |`,
  "",
  "## Not supported: the reason Hindsight gives (files)",
  "",
  "| Reason | Files |",
  "|---|---|",
  ...countBy(run.results.filter((r) => r.verdict === "not-supported"), (r) => r.reason ?? "").map(([k, n]) => `| ${cell(k)} | ${n} |`),
  "",
  "## Packets set aside anywhere in the corpus, by reason (files with any; the numbers may still agree)",
  "",
  "| Reason | Files |",
  "|---|---|",
  ...countBy(setAsideFiles.flatMap((r) => r.hindsightReasons.map((x) => ({ ...r, reason: x.reason }))), (r) => r.reason ?? "").map(([k, n]) => `| ${cell(k)} | ${n} |`),
  "",
  "## Known differences",
  "",
  "| File | Why |",
  "|---|---|",
  ...Object.entries(KNOWN_DIFFERENCES).map(([f, why]) => `| ${f} | ${cell(why)} |`),
  "",
  "## Every file",
  "",
  "| File | Frames | Verdict | Reason / differences (tshark→Hindsight) |",
  "|---|---|---|---|",
  ...run.results.map((r) => `| ${r.file} | ${r.frames} | ${r.verdict}${r.verdict === "agree" && !r.substantive ? " (nothing to compare)" : ""} | ${cell([r.reason, diffText(r)].filter(Boolean).join(" — "))} |`),
  "",
];
writeFileSync(path.join(ROOT, "CORPUS.md"), lines.join("\n"));
console.log(`[corpus] wrote CORPUS.md: ${JSON.stringify(t)} in ${run.seconds.toFixed(1)} s`);
process.exit(t.differ > 0 ? 1 : 0);
