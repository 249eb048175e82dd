// Where the bulk of an upload's evidence lies in time: from its 0.1th to its 99.9th percentile
// time, to the minute, with the exact first and last time inside that. One row with a broken clock
// (a year off, yet inside the window evidence may carry) must not stretch the default range of
// every panel: such rows are kept and counted as outliers, and the upload's range is the bulk's.
// Counts are kept per minute (coarsened to hours, then days… when there are very many), so memory
// stays small whatever the size; a row in the same minute as the one before costs two comparisons.
const MINUTE = 60_000;
const MAX_BUCKETS = 50_000;
const TAIL = 0.001;

export interface BulkSpan {
  from: number;
  to: number;
  /** Times that lie outside the span. */
  outliers: number;
}

type Bucket = { n: number; lo: number; hi: number };

export class TimeSpan {
  private buckets = new Map<number, Bucket>();
  private width = MINUTE;
  private current = NaN;
  private run = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private total = 0;

  add(ms: number): void {
    if (Math.floor(ms / this.width) !== this.current) {
      this.flush();
      this.current = Math.floor(ms / this.width);
    }
    this.run++;
    if (ms < this.lo) this.lo = ms;
    if (ms > this.hi) this.hi = ms;
  }

  /**
   * The bulk of the times added; null when none were. The tails beyond the percentiles are taken
   * back in where they continue the bulk (no gap wider than a quarter of it), so evenly spread
   * evidence keeps its exact ends and only rows standing apart are left out.
   */
  bulk(): BulkSpan | null {
    this.flush();
    if (this.total === 0) return null;
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    const count = (i: number) => this.buckets.get(keys[i]!)!.n;
    const tail = Math.floor(this.total * TAIL);
    let first = 0;
    for (let below = 0; below + count(first) <= tail; first++) below += count(first);
    let last = keys.length - 1;
    for (let above = 0; above + count(last) <= tail; last--) above += count(last);
    const slack = Math.max(1, Math.floor(((keys[last]! - keys[first]! + 1) * 0.25)));
    while (first > 0 && keys[first]! - keys[first - 1]! <= slack) first--;
    while (last < keys.length - 1 && keys[last + 1]! - keys[last]! <= slack) last++;
    let outliers = 0;
    for (let i = 0; i < first; i++) outliers += count(i);
    for (let i = last + 1; i < keys.length; i++) outliers += count(i);
    return { from: this.buckets.get(keys[first]!)!.lo, to: this.buckets.get(keys[last]!)!.hi, outliers };
  }

  private flush(): void {
    if (this.run === 0) return;
    const b = this.buckets.get(this.current);
    if (b) {
      b.n += this.run;
      b.lo = Math.min(b.lo, this.lo);
      b.hi = Math.max(b.hi, this.hi);
    } else this.buckets.set(this.current, { n: this.run, lo: this.lo, hi: this.hi });
    this.total += this.run;
    this.run = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
    if (this.buckets.size > MAX_BUCKETS) this.coarsen();
  }

  private coarsen(): void {
    const factor = 60;
    const merged = new Map<number, Bucket>();
    for (const [key, b] of this.buckets) {
      const k = Math.floor(key / factor);
      const m = merged.get(k);
      if (m) merged.set(k, { n: m.n + b.n, lo: Math.min(m.lo, b.lo), hi: Math.max(m.hi, b.hi) });
      else merged.set(k, { ...b });
    }
    this.buckets = merged;
    this.width *= factor;
    this.current = NaN;
  }
}
