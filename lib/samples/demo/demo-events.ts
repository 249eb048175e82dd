// Demo `kubectl get events -o json`: the rolling update of prod/checkout (new ReplicaSet scaled
// up step by step, old pods killed) — Hindsight turns it into one rollout band plus events.
import { writeFileSync } from "node:fs";
import { DEMO } from "./scenario";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

function event(at: number, kind: string, name: string, reason: string, message: string, component: string) {
  return {
    apiVersion: "v1", kind: "Event",
    metadata: { name: `${name}.${at.toString(16)}`, namespace: "prod" },
    involvedObject: { kind, namespace: "prod", name, apiVersion: kind === "Pod" ? "v1" : "apps/v1" },
    reason, message, type: reason === "BackOff" ? "Warning" : "Normal", count: 1,
    firstTimestamp: iso(at), lastTimestamp: iso(at), eventTime: null, source: { component },
  };
}

export function writeDemoEvents(path: string): void {
  const newRs = "checkout-7d9f6c5b8";
  const oldRs = "checkout-5c4b7f9d2";
  const items = [];
  const steps = 3;
  for (let i = 0; i < steps; i++) {
    const at = DEMO.rolloutFrom + i * 90_000;
    items.push(event(at, "Deployment", "checkout", "ScalingReplicaSet", `Scaled up replica set ${newRs} from ${i} to ${i + 1}`, "deployment-controller"));
    items.push(event(at + 5_000, "ReplicaSet", newRs, "SuccessfulCreate", `Created pod: ${newRs}-${"abc"[i]}x2kq`, "replicaset-controller"));
    items.push(event(at + 40_000, "Deployment", "checkout", "ScalingReplicaSet", `Scaled down replica set ${oldRs} from ${steps - i} to ${steps - i - 1}`, "deployment-controller"));
    items.push(event(at + 41_000, "Pod", `${oldRs}-${"pqr"[i]}7mz2`, "Killing", "Stopping container checkout", "kubelet"));
  }
  items.push(event(DEMO.rolloutTo, "ReplicaSet", oldRs, "SuccessfulDelete", `Deleted pod: ${oldRs}-r7mz2`, "replicaset-controller"));
  writeFileSync(path, JSON.stringify({ apiVersion: "v1", kind: "List", items, metadata: { resourceVersion: "" } }, null, 1));
}
