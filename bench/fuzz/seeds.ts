// Inputs the fuzzer starts from: every fixture of every format in the repository (real captures,
// real exports, the hostile files of earlier defects) and, when the tcpdump test corpus sits beside
// the repository, a sample of its real captures. Nothing is copied into the repository.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface Seed {
  name: string;
  bytes: Buffer;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURE_DIRS = [
  "lib/parsers/fixtures",
  "lib/parsers/metrics/fixtures",
  "lib/parsers/markers/fixtures",
  "lib/parsers/capture/fixtures",
  "test/fixtures/hostile",
  "e2e/fixtures",
];
const NOT_EVIDENCE = /\.(md|sh|ts|txt\.expected)$|README/;
const MAX_SEED_BYTES = 512 * 1024;

/** The tcpdump test corpus: HINDSIGHT_FUZZ_CORPUS, or ../shared/corpus/tcpdump-tests beside the repository. */
export const corpusDir = () => process.env.HINDSIGHT_FUZZ_CORPUS ?? path.resolve(ROOT, "../shared/corpus/tcpdump-tests");

function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((n) => path.join(dir, n))
    .filter((f) => statSync(f).isFile() && !NOT_EVIDENCE.test(f) && statSync(f).size <= MAX_SEED_BYTES)
    .sort();
}

/** Fixtures first, then up to `corpusSample` corpus captures spread over the corpus (by name). */
export function loadSeeds(corpusSample = 40): Seed[] {
  const seeds = FIXTURE_DIRS.flatMap((d) => filesIn(path.join(ROOT, d))).map((f) => ({ name: path.relative(ROOT, f), bytes: readFileSync(f) }));
  const corpus = filesIn(corpusDir()).filter((f) => /\.(pcap|pcapng|cap)(\.gz)?$/.test(f));
  const step = Math.max(1, Math.floor(corpus.length / Math.max(1, corpusSample)));
  for (let i = 0; i < corpus.length && seeds.length < FIXTURE_DIRS.length * 100 + corpusSample; i += step) {
    seeds.push({ name: `corpus/${path.basename(corpus[i]!)}`, bytes: readFileSync(corpus[i]!) });
  }
  return seeds;
}
