// Runs the corpus comparison over a folder of captures: tshark's truth (cached) and Hindsight's
// count for every file, two tshark processes at a time (Hindsight's side runs in this process
// between them).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { CORPUS_DIR } from "@/scripts/corpus/corpus-dir";
import { compareFile, type FileResult, type Verdict } from "./compare";
import { countWithHindsight } from "./hindsight-count";
import { KNOWN_DIFFERENCES } from "./known-differences";
import { truthOf, tsharkVersion } from "./tshark-truth";

const ROOT = path.resolve(import.meta.dirname, "../..");


export const CACHE_DIR = path.join(ROOT, "node_modules/.cache/hindsight-corpus");


export interface CorpusRun {
  dir: string;
  tsharkVersion: string;
  results: FileResult[];
  /** Files whose truth came from the cache. */
  cached: number;
  seconds: number;
}

export async function runCorpus(
  dir = CORPUS_DIR,
  options: { concurrency?: number; known?: Readonly<Record<string, string>>; cacheDir?: string } = {},
): Promise<CorpusRun> {
  const started = Date.now();
  const files = readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isFile()).sort();
  const results: FileResult[] = new Array(files.length);
  let next = 0;
  let cached = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const file = path.join(dir, files[i]!);
      const truth = await truthOf(file, options.cacheDir ?? CACHE_DIR);
      if (truth.cached) cached++;
      results[i] = compareFile(files[i]!, truth, await countWithHindsight(file), options.known ?? KNOWN_DIFFERENCES);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 2 }, worker));
  return { dir, tsharkVersion: tsharkVersion(), results, cached, seconds: (Date.now() - started) / 1000 };
}

export function tally(results: FileResult[]): Record<Verdict, number> {
  const t: Record<Verdict, number> = { agree: 0, "tshark-fails": 0, "not-supported": 0, known: 0, differ: 0 };
  for (const r of results) t[r.verdict]++;
  return t;
}
