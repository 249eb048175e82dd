import { describe, expect, it } from "vitest";
import { bucketLowerUs, bucketMidUs, bucketUpperUs, LatencyHistogram, latencyBucket, percentileFromBuckets } from "./latency-histogram";

/** Nearest-rank percentile of raw samples: the ⌈q·n⌉-th smallest. */
function exactPercentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}

function lognormal(n: number, medianUs: number, sigma: number, seed: number): number[] {
  let a = seed;
  const random = () => ((a = (a * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  return Array.from({ length: n }, () => Math.round(medianUs * Math.exp(sigma * Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random()))));
}

describe("latency buckets", () => {
  it("keeps the documented, stable ids", () => {
    expect([0, 1, 127, 128, 129, 255, 256, 1_000, 1_000_000, 60_000_000].map(latencyBucket)).toEqual([0, 1, 127, 128, 128, 191, 192, 317, 954, 1330]);
    expect(latencyBucket(365 * 86_400e6)).toBeLessThan(2600);
    expect(latencyBucket(-5)).toBe(0);
    expect(latencyBucket(2 ** 40)).toBe(64 * 34 + 64);
  });

  it("maps every value into its bucket's range, contiguously, at most 1/64 wide", () => {
    for (let b = 0; b < 2400; b++) {
      expect(bucketUpperUs(b)).toBe(bucketLowerUs(b + 1));
      expect(latencyBucket(bucketLowerUs(b))).toBe(b);
      expect(latencyBucket(bucketUpperUs(b) - 1)).toBe(b);
      if (b >= 64) expect((bucketUpperUs(b) - bucketLowerUs(b)) / bucketLowerUs(b)).toBeLessThanOrEqual(1 / 64);
    }
    for (const v of [3, 130, 4_097, 123_456, 9_876_543, 2 ** 31 + 5, 2 ** 33 + 7]) {
      const b = latencyBucket(v);
      expect(v).toBeGreaterThanOrEqual(bucketLowerUs(b));
      expect(v).toBeLessThan(bucketUpperUs(b));
      expect(Math.abs(bucketMidUs(b) - v) / v).toBeLessThan(1 / 128);
    }
  });
});

describe("percentileFromBuckets", () => {
  it.each([
    ["lognormal 2 ms", lognormal(5000, 2_000, 1.2, 1)],
    ["lognormal 300 ms", lognormal(20_000, 300_000, 0.7, 2)],
    ["bimodal 1 ms / 5 s", [...lognormal(900, 1_000, 0.3, 3), ...lognormal(100, 5_000_000, 0.1, 4)]],
    ["tiny values", [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89]],
  ])("is within 2%% of the exact p50/p90/p99 (%s)", (_, samples) => {
    const h = new LatencyHistogram();
    for (const v of samples) h.add(v);
    const sorted = [...samples].sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = exactPercentile(sorted, q);
      const approx = h.percentile(q)!;
      expect(Math.abs(approx - exact)).toBeLessThanOrEqual(Math.max(0.02 * exact, 0.5));
    }
    expect(h.maxUs).toBe(sorted[sorted.length - 1]);
    expect(h.count).toBe(samples.length);
  });

  it("accepts entry arrays (summed DB rows), never exceeds the max, and is null when empty", () => {
    expect(percentileFromBuckets([[317, 2], [954, 1]], 0.5)).toBe(bucketMidUs(317));
    expect(percentileFromBuckets([[954, 1]], 0.99, 1_000_000)).toBe(1_000_000);
    expect(percentileFromBuckets(new Map(), 0.5)).toBeNull();
    expect(percentileFromBuckets([[5, 0]], 0.5)).toBeNull();
  });
});
