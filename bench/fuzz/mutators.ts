// Mutations of a seed, each small and named, so a failing input can be described and reproduced
// from (seed, random seed). A mutant applies 1–3 of them; some wrap the result in gzip.
import { gzipSync } from "node:zlib";
import { rng } from "@/lib/samples/capture-event-queue";

export type Random = () => number;

/** A deterministic generator, so a run is reproducible from its seed (the samples' mulberry32). */
export const random: (seed: number) => Random = rng;

const int = (r: Random, n: number) => Math.floor(r() * n);
const at = (r: Random, b: Buffer) => (b.length ? int(r, b.length) : 0);
const splice = (b: Buffer, i: number, remove: number, insert: Buffer) => Buffer.concat([b.subarray(0, i), insert, b.subarray(i + remove)]);

const NUMBERS = ["NaN", "Infinity", "-Infinity", "1e19", "-0", "1e400", "18446744073709551616", "-9223372036854775809", "0x7fffffff", "9".repeat(40)];

type Mutator = (b: Buffer, r: Random) => Buffer;

export const MUTATORS: Record<string, Mutator> = {
  truncate: (b, r) => b.subarray(0, at(r, b)),
  bitFlips: (b, r) => {
    const out = Buffer.from(b);
    for (let k = 0, n = 1 + int(r, 8); k < n && out.length; k++) out[at(r, out)]! ^= 1 << int(r, 8);
    return out;
  },
  insertBytes: (b, r) => splice(b, at(r, b), 0, Buffer.from(Array.from({ length: 1 + int(r, 16) }, () => int(r, 256)))),
  deleteBytes: (b, r) => splice(b, at(r, b), 1 + int(r, 64), Buffer.alloc(0)),
  // Length fields of binary formats (pcap caplen, pcapng block lengths) read as huge or negative.
  hugeLength: (b, r) => {
    const out = Buffer.from(b);
    if (out.length >= 4) out.writeUInt32LE([0xffffffff, 0x7fffffff, 0x80000000, 0x00ffffff][int(r, 4)]!, int(r, out.length - 3));
    return out;
  },
  nul: (b, r) => splice(b, at(r, b), 0, Buffer.from([0])),
  invalidUtf8: (b, r) => splice(b, at(r, b), 0, Buffer.from([[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]][int(r, 4)]!)),
  // A number in the file (a time, a port, a value) replaced by one no column holds.
  badNumber: (b, r) => {
    const text = b.toString("latin1");
    const spots = [...text.matchAll(/\d+(\.\d+)?/g)];
    if (!spots.length) return b;
    const m = spots[int(r, spots.length)]!;
    return splice(b, m.index!, m[0].length, Buffer.from(NUMBERS[int(r, NUMBERS.length)]!));
  },
  deepNesting: (b, r) => splice(b, at(r, b), 0, Buffer.from("[".repeat(1000 + int(r, 50_000)))),
  longLine: (b, r) => splice(b, at(r, b), 0, Buffer.alloc(1024 * 1024 + int(r, 4096), 0x61)),
  crlf: (b) => Buffer.from(b.toString("latin1").replace(/\n/g, "\r\n"), "latin1"),
  duplicateChunk: (b, r) => {
    const i = at(r, b);
    return splice(b, i, 0, b.subarray(i, i + 1 + int(r, 4096)));
  },
  empty: () => Buffer.alloc(0),
};

const NAMES = Object.keys(MUTATORS);

export interface Mutant {
  bytes: Buffer;
  steps: string[];
}

export function mutate(seed: Buffer, r: Random): Mutant {
  let bytes = seed;
  const steps: string[] = [];
  for (let k = 0, n = 1 + int(r, 3); k < n; k++) {
    const name = NAMES[int(r, NAMES.length)]!;
    if (name === "empty" && r() < 0.8) continue; // rare: one empty file says it all
    bytes = MUTATORS[name]!(bytes, r);
    steps.push(name);
  }
  if (r() < 0.15) {
    bytes = gzipSync(bytes);
    steps.push("gzip");
  }
  return { bytes, steps };
}
