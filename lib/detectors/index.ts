// Every detector, and one run of them over an incident's evidence. A detector that fails is
// reported and skipped; it never takes the others down.
import { buildContext } from "./context";
import { conntrackPressure } from "./conntrack-pressure";
import { dnsAmplification } from "./dns-amplification";
import { dnsHealth } from "./dns-health";
import { dnsLatency } from "./dns-latency";
import { dnsLoop } from "./dns-loop";
import { queryMix } from "./query-mix";
import { resolverPps } from "./resolver-pps";
import { rstBurst } from "./rst-burst";
import { synStorm } from "./syn-storm";
import { tcpResolverRetransmits } from "./tcp-resolver-retransmits";
import type { DetectedFinding, Detector, Queryable } from "./types";

export const DETECTORS: Detector[] = [
  synStorm, rstBurst, conntrackPressure, dnsLatency, resolverPps, dnsAmplification, dnsLoop, tcpResolverRetransmits, queryMix,
];

/** Detectors running at once: two keeps the pool free for the page's own queries. */
const CONCURRENCY = 2;

export interface DetectorRun {
  findings: DetectedFinding[];
  /** Wall-clock ms per detector that ran. */
  timings: Record<string, number>;
  errors: Array<{ detector: string; message: string }>;
  /** The ready uploads the run read (a later delete of one of them calls for a new run). */
  uploads: string[];
}

export async function runDetectors(
  db: Queryable,
  incidentId: string,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<DetectorRun> {
  const ctx = await buildContext(db, incidentId);
  const todo = DETECTORS.filter((d) => d.needs.some((family) => ctx.uploads[family].length > 0));
  const run: DetectorRun = { findings: [], timings: {}, errors: [], uploads: ctx.uploadIds };
  let next = 0;
  let done = 0;
  onProgress(0, todo.length);
  const worker = async () => {
    for (let d = todo[next++]; d; d = todo[next++]) {
      const started = performance.now();
      try {
        run.findings.push(...(await d.detect(ctx)));
      } catch (error) {
        run.errors.push({ detector: d.id, message: error instanceof Error ? error.message : String(error) });
      }
      run.timings[d.id] = Math.round(performance.now() - started);
      onProgress(++done, todo.length);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Refutations read what the others found.
  const started = performance.now();
  try {
    run.findings.push(...(await dnsHealth(ctx, run.findings)));
  } catch (error) {
    run.errors.push({ detector: "dns-health", message: error instanceof Error ? error.message : String(error) });
  }
  if (ctx.uploads.captures.length) run.timings["dns-health"] = Math.round(performance.now() - started);
  return run;
}
