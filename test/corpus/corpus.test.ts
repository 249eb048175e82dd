// Every capture of the tcpdump test corpus goes through what an upload runs, and what Hindsight
// counts (DNS transactions, answers, rcodes, max and p50 latency, TCP packets by flag class) is
// compared with tshark's reading of the same file. Each file must agree, or have its reason:
// tshark fails on it too, Hindsight reports why it could not count it (set aside, unreadable), or
// a reviewed entry of known-differences.ts. The folder: scripts/corpus/corpus-dir.ts (skipped when
// absent, an error in CI). `npm run corpus` writes CORPUS.md.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR, corpusAvailable } from "@/scripts/corpus/corpus-dir";
import { runCorpus, tally } from "./corpus-run";
import { KNOWN_DIFFERENCES } from "./known-differences";

const dir = CORPUS_DIR;
const present = corpusAvailable();

describe("the tcpdump test corpus against tshark", () => {
  it.skipIf(!present)(present ? `every file of ${dir} agrees with tshark or has a stated reason` : `skipped: no corpus folder at ${dir} (set HINDSIGHT_CORPUS_DIR)`, async () => {
    const run = await runCorpus(dir);
    const t = tally(run.results);
    console.log(`[corpus] ${run.results.length} files in ${run.seconds.toFixed(0)} s (${run.cached} tshark readings cached): ${JSON.stringify(t)}`);
    const differing = run.results
      .filter((r) => r.verdict === "differ")
      .map((r) => `${r.file}: ${r.differences.map((d) => `${d.metric} tshark ${d.tshark} vs Hindsight ${d.hindsight}`).join("; ")}`);
    expect(differing, "files that differ from tshark with no stated reason").toEqual([]);
    // A known difference that went away must leave the list, so it only shrinks as decoders land.
    const stale = Object.keys(KNOWN_DIFFERENCES)
      .filter((f) => existsSync(path.join(dir, f)))
      .filter((f) => run.results.find((r) => r.file === f)?.verdict !== "known");
    expect(stale, "known-differences.ts entries whose file no longer differs (remove them)").toEqual([]);
    expect(t.agree).toBeGreaterThan(0);
  }, 600_000);
});
