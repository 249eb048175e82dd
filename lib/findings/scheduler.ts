// Runs the detectors after evidence changes, in-process and never in the way of an upload: runs
// are debounced (a burst of uploads makes one run), one at a time per incident (a change during a
// run queues exactly one more), and their state is readable for the findings API. State lives on
// globalThis so every route bundle of the Next server shares one queue.
import "server-only";
import { db } from "@/lib/db";
import { publishIncidentEvent } from "@/lib/events/incident-events";
import { runDetectors } from "@/lib/detectors";
import { saveFindings } from "./findings";
import type { TDetectorRunStatus } from "@/lib/schemas/finding";

const DEBOUNCE_MS = 750;

interface State {
  timer: ReturnType<typeof setTimeout> | null;
  running: Promise<void> | null;
  /** Evidence changed during the current run: run again after it. */
  again: boolean;
  lastRunAt: number | null;
  progress: { done: number; total: number } | null;
  error: string | null;
}

type Registry = { states: Map<string, State> };
const registry = ((globalThis as unknown as { hindsightDetectors?: Registry }).hindsightDetectors ??= { states: new Map() });

function stateOf(incidentId: string): State {
  let s = registry.states.get(incidentId);
  if (!s) registry.states.set(incidentId, (s = { timer: null, running: null, again: false, lastRunAt: null, progress: null, error: null }));
  return s;
}

async function execute(incidentId: string, s: State): Promise<void> {
  try {
    const run = await runDetectors(db.pool, incidentId, (done, total) => (s.progress = { done, total }));
    await saveFindings(incidentId, run.findings, run.errors.map((e) => e.detector));
    s.error = run.errors.length ? run.errors.map((e) => `${e.detector}: ${e.message}`).join("; ") : null;
    if (s.error) console.error(`[detectors] incident ${incidentId}: ${s.error}`);
  } catch (error) {
    const exists = await db.prisma.incident.count({ where: { id: incidentId } }).catch(() => 1);
    if (!exists) return void registry.states.delete(incidentId); // deleted meanwhile: nothing to report
    s.error = error instanceof Error ? error.message : String(error);
    console.error(`[detectors] incident ${incidentId} failed:`, error);
  } finally {
    s.lastRunAt = Date.now();
    void publishIncidentEvent({ incidentId, topic: "findings", state: "done" });
  }
}

function start(incidentId: string): void {
  const s = stateOf(incidentId);
  s.timer = null;
  s.again = false;
  s.progress = { done: 0, total: 0 };
  s.running = execute(incidentId, s).finally(() => {
    s.running = null;
    s.progress = null;
    if (s.again) scheduleDetectors(incidentId);
  });
}

/** Recomputes an incident's findings soon (debounced); returns at once. */
export function scheduleDetectors(incidentId: string, delayMs = DEBOUNCE_MS): void {
  const s = stateOf(incidentId);
  if (s.running) {
    s.again = true;
    return;
  }
  if (s.timer) clearTimeout(s.timer);
  else void publishIncidentEvent({ incidentId, topic: "findings", state: "running" });
  s.timer = setTimeout(() => start(incidentId), delayMs);
  s.timer.unref?.(); // a queued run never keeps a process alive (scripts, tests); the server stays up anyway
}

/** Runs the detectors once for an incident this process has not looked at yet (e.g. after a restart). */
export function ensureDetectorsRan(incidentId: string): void {
  if (!registry.states.has(incidentId)) scheduleDetectors(incidentId, 0);
}

export function detectorStatus(incidentId: string): TDetectorRunStatus {
  const s = registry.states.get(incidentId);
  return {
    status: s && (s.timer || s.running) ? "running" : "idle",
    lastRunAt: s?.lastRunAt ?? null,
    progress: s?.running ? s.progress : null,
    error: s?.error ?? null,
  };
}

/** Resolves once no run is queued or running for the incident (tests, scripts). */
export async function whenDetectorsIdle(incidentId: string): Promise<void> {
  for (;;) {
    const s = registry.states.get(incidentId);
    if (!s || (!s.timer && !s.running)) return;
    await (s.running ?? new Promise((r) => setTimeout(r, 25)));
  }
}
