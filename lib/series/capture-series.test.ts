// The DNS series' one-pass percentiles over packed histogram strings, and ingest's over a
// histogram's entries (the stored per-bucket summaries), must give exactly what
// percentileFromBuckets() gives for the same (bucket, count) entries.
import { describe, expect, it } from "vitest";
import { latencyBucket, percentileFromBuckets } from "@/lib/captures/latency-histogram";
import { PACKED_SHIFT, percentilesOf } from "./capture-series";
import { percentilesOfEntries } from "@/lib/captures/latency-percentiles";

const pack = (entries: Array<[number, number]>) => entries.map(([b, n]) => String(b * PACKED_SHIFT + n)).join(" ");

function random(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe("percentilesOf", () => {
  it("matches percentileFromBuckets on random histograms, repeated buckets and caps included", () => {
    const rnd = random(7);
    const scratch = new Float64Array(1 << 15);
    for (let round = 0; round < 500; round++) {
      const entries: Array<[number, number]> = [];
      const n = 1 + Math.floor(rnd() * (round % 10 === 0 ? 3 : 400));
      for (let i = 0; i < n; i++) entries.push([latencyBucket(Math.exp(rnd() * 16)), 1 + Math.floor(rnd() * (rnd() < 0.1 ? 100_000 : 20))]);
      // Entries of one latency bucket may come several times (several stored rows per time bucket).
      if (round % 3 === 0) entries.push(...entries.slice(0, 5));
      const maxUs = round % 4 === 0 ? undefined : Math.floor(Math.exp(rnd() * 16));
      const got = percentilesOf(pack(entries), scratch, maxUs);
      expect(got).toEqual([0.5, 0.9, 0.99].map((q) => percentileFromBuckets(entries, q, maxUs)));
      const merged = new Map<number, number>();
      for (const [b, n] of entries) merged.set(b, (merged.get(b) ?? 0) + n);
      expect(percentilesOfEntries(merged, scratch, maxUs)).toEqual(got);
      if (round % 50 === 0) expect(scratch.every((v) => v === 0)).toBe(true);
    }
  });

  it("gives nulls for an empty histogram and handles the largest bucket ids", () => {
    const scratch = new Float64Array(1 << 15);
    expect(percentilesOf("", scratch, undefined)).toEqual([null, null, null]);
    expect(percentilesOf(pack([[32_767, 2 ** 31 - 1], [0, 1]]), scratch, undefined)).toEqual(
      [0.5, 0.9, 0.99].map((q) => percentileFromBuckets([[32_767, 2 ** 31 - 1], [0, 1]], q)),
    );
  });
});
