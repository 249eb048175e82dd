// What a generated scenario is: evidence files for one incident, and the truth about them, which
// detectors must fire, when, and naming what.
import type { TDetectorId } from "@/lib/schemas/finding";

export interface Expectation {
  detector: TDetectorId;
  /** Epoch ms: the window the trouble is in. */
  from: number;
  to: number;
  /** Text the finding must name (in its title or its evidence's subject): an address, a pair, a metric, a query type. */
  subject?: string;
}

export interface Scenario {
  /** `story-seed`, unique in a suite. */
  id: string;
  story: string;
  /** A story has trouble in it; a confounder looks unusual and is healthy: nothing may fire. */
  kind: "story" | "confounder";
  seed: number;
  /** One line: what was generated, with the drawn parameters. */
  description: string;
  expect: Expectation[];
  /** Detectors whose findings here are true side effects of the story (retries after drops are unanswered queries too): neither right nor wrong. */
  tolerate: TDetectorId[];
  /** Writes the evidence files into `dir` and returns their paths. */
  write(dir: string): Promise<string[]>;
}

/** Epoch seconds where every scenario starts (each one is its own incident). */
export const SCENARIO_T0 = 1_730_000_000;

/** Parameters drawn from a seeded generator, in a range or from a list. */
export class Draw {
  constructor(private readonly random: () => number) {}
  /** Uniform in [lo, hi). */
  num(lo: number, hi: number): number {
    return lo + this.random() * (hi - lo);
  }
  int(lo: number, hi: number): number {
    return Math.floor(this.num(lo, hi + 1));
  }
  /** Log-uniform in [lo, hi): rates spread over orders of magnitude. */
  log(lo: number, hi: number): number {
    return Math.exp(this.num(Math.log(lo), Math.log(hi)));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}
