// Recognises Deployment rollouts in a set of events. A Deployment's ScalingReplicaSet events
// ("Scaled up replica set web-6f7b9c from 0 to 1", "Scaled down replica set web-5d8f7 to 2") are
// its steps; a rollout is a run of steps, each within `gapMs` of the previous, that scales one
// ReplicaSet up while scaling others down. Runs touching a single ReplicaSet (HPA, kubectl
// scale) are not rollouts. The run ends when every scaled-down ReplicaSet reached 0. The related
// ReplicaSet and Pod events (pods are named <replicaset>-<5 chars>, the replicaset
// <deployment>-<pod-template-hash>) that follow each step within RELATED_GRACE_MS extend the band.
import type { Marker } from "./marker-sink";
import type { K8sEvent } from "./k8s-event";

/** Default `gapMs`: the Deployment controller's default progressDeadlineSeconds. */
export const DEFAULT_ROLLOUT_GAP_MS = 600_000;
/** Pods are killed/created right after the step that caused it; Killing comes within seconds. */
const RELATED_GRACE_MS = 120_000;
const SCALED = /^Scaled (up|down) replica set (\S+?) (?:from (\d+) )?to (\d+)/;

interface Step {
  at: number;
  up: boolean;
  rs: string;
  to: number;
}

interface Run {
  steps: Step[];
  newRs: string | null;
  /** Scaled-down ReplicaSets and their last replica count. */
  olds: Map<string, number>;
}

/** Parses a ScalingReplicaSet message; null when it is not understood. */
export function parseScalingMessage(message: string | null): Omit<Step, "at"> | null {
  const m = message === null ? null : SCALED.exec(message);
  return m ? { up: m[1] === "up", rs: m[2]!, to: Number(m[4]) } : null;
}

export function recogniseRollouts(events: readonly K8sEvent[], gapMs = DEFAULT_ROLLOUT_GAP_MS): Marker[] {
  const byDeployment = new Map<string, { namespace: string | null; name: string; steps: Step[] }>();
  for (const e of events) {
    if (e.reason !== "ScalingReplicaSet" || e.kind !== "Deployment") continue;
    const step = parseScalingMessage(e.message);
    if (!step) continue;
    const id = `${e.namespace ?? ""}/${e.name}`;
    const d = byDeployment.get(id) ?? { namespace: e.namespace, name: e.name, steps: [] };
    byDeployment.set(id, d);
    d.steps.push({ ...step, at: e.end });
  }
  const markers: Marker[] = [];
  for (const d of byDeployment.values()) {
    d.steps.sort((a, b) => a.at - b.at);
    for (const run of splitRuns(d.steps, gapMs)) markers.push(toMarker(d.namespace, d.name, run, events));
  }
  return markers.sort((a, b) => a.ts - b.ts);
}

function splitRuns(steps: Step[], gapMs: number): Run[] {
  const runs: Run[] = [];
  const state: { run: Run | null; stable: string | null } = { run: null, stable: null };
  const finish = () => {
    const { run } = state;
    if (run?.newRs && run.olds.size > 0) {
      runs.push(run);
      state.stable = run.newRs;
    }
    state.run = null;
  };
  let held: Step | null = null;
  for (const step of steps) {
    let run = state.run;
    if (run && step.at - run.steps.at(-1)!.at > gapMs) finish();
    // A newer template (or a rollback) supersedes the rollout in progress.
    else if (run && step.up && run.newRs !== null && step.rs !== run.newRs) finish();
    // An old ReplicaSet scaled back up before any new one appeared: plain scaling.
    else if (run && step.up && run.newRs === null && run.olds.has(step.rs)) state.run = null;
    run = state.run;
    if (!run) {
      if (step.rs === state.stable) {
        // Plain scaling of the current ReplicaSet — unless a rollout with maxSurge 0 opens with it.
        held = step.up ? null : step;
        continue;
      }
      run = state.run = { steps: [], newRs: null, olds: new Map() };
      if (held && step.up && step.at - held.at <= gapMs) {
        run.steps.push(held);
        run.olds.set(held.rs, held.to);
      }
    }
    held = null;
    run.steps.push(step);
    if (step.up) run.newRs = step.rs;
    else if (step.rs !== run.newRs) run.olds.set(step.rs, step.to);
    if (run.newRs && run.olds.size > 0 && [...run.olds.values()].every((n) => n === 0)) finish();
  }
  finish();
  return runs;
}

function belongsTo(e: K8sEvent, replicaSets: Set<string>): boolean {
  if (e.kind === "ReplicaSet") return replicaSets.has(e.name);
  if (e.kind !== "Pod") return false;
  const dash = e.name.lastIndexOf("-");
  return dash > 0 && /^[a-z0-9]{5}$/.test(e.name.slice(dash + 1)) && replicaSets.has(e.name.slice(0, dash));
}

function toMarker(namespace: string | null, name: string, run: Run, events: readonly K8sEvent[]): Marker {
  const newRs = run.newRs!;
  const replicaSets = new Set([newRs, ...run.olds.keys()]);
  const start = run.steps[0]!.at;
  let end = run.steps.at(-1)!.at;
  const stepTimes = run.steps.map((s) => s.at);
  let related = 0;
  const candidates = events
    .filter((e) => e.namespace === namespace && belongsTo(e, replicaSets) && e.start >= start)
    .sort((a, b) => a.start - b.start);
  for (const e of candidates) {
    if (!stepTimes.some((t) => e.start >= t && e.start - t <= RELATED_GRACE_MS)) continue;
    related++;
    end = Math.max(end, e.start);
  }
  const object = `${namespace ? `${namespace}/` : ""}${name}`;
  const unfinished = [...run.olds].filter(([, n]) => n > 0).map(([rs, n]) => `${rs} still at ${n}`);
  return {
    ts: start,
    endTs: end > start ? end : null,
    kind: "rollout",
    label: `rollout ${object} (${newRs})`,
    source: "deployment-controller",
    object: `Deployment ${object}`,
    message:
      `${[...run.olds.keys()].join(", ")} → ${newRs}: ${run.steps.length} scaling steps, ${related} ReplicaSet/Pod events` +
      (unfinished.length ? `; not finished in this export (${unfinished.join(", ")})` : ""),
  };
}
