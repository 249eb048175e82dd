// Where the tcpdump test-suite corpus (HINDSIGHT_CORPUS_DIR, or its short name HINDSIGHT_CORPUS) is:
// real captures the project does not ship (they are tcpdump's, BSD-licensed), read in place by the
// corpus tests and `npm run corpus`.
import { existsSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export const CORPUS_DIR = path.resolve(ROOT, process.env.HINDSIGHT_CORPUS_DIR || process.env.HINDSIGHT_CORPUS || "../shared/corpus/tcpdump-tests");

/**
 * Whether the corpus is there. In CI (env CI set) a missing corpus throws: a test that silently
 * skips there would pass without checking anything.
 */
export function corpusAvailable(): boolean {
  if (existsSync(CORPUS_DIR)) return true;
  const message = `the tcpdump test-suite corpus is not at ${CORPUS_DIR} (set HINDSIGHT_CORPUS_DIR)`;
  if (process.env.CI) throw new Error(`${message}; CI must run the corpus tests`);
  console.warn(`[corpus] skipped: ${message}`);
  return false;
}
