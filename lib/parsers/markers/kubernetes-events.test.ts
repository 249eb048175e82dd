import { describe, expect, it } from "vitest";
import { createKubernetesEventsParser } from "./kubernetes-events";
import type { Marker } from "./marker-sink";
import { at, fixture, runMarkers } from "./test-support";

const N12 = "kubelet on ip-10-0-4-12.eu-west-1.compute.internal";
const N13 = "kubelet on ip-10-0-4-13.eu-west-1.compute.internal";
const DC = "deployment-controller";
const RC = "replicaset-controller";
const SCHED = "default-scheduler";

/** [start, end | null, reason, count label part, object, source, message] */
type Row = [string, string | null, string, string, string, string, string];
const marker = ([ts, end, reason, times, object, source, message]: Row): Marker => ({
  ts: at(ts),
  endTs: end === null ? null : at(end),
  kind: `k8s:${reason}`,
  label: `${reason}${times} ${object}`,
  source,
  object,
  message,
});

const listRows: Row[] = [
  ["06:14:58", null, "ScalingReplicaSet", "", "Deployment prod/web", DC, "Scaled up replica set web-6f7b9c8d5 from 0 to 1"],
  ["06:14:58", null, "SuccessfulCreate", "", "ReplicaSet prod/web-6f7b9c8d5", RC, "Created pod: web-6f7b9c8d5-x2kq9"],
  ["06:14:58.412345", null, "Scheduled", "", "Pod prod/web-6f7b9c8d5-x2kq9", SCHED, "Successfully assigned prod/web-6f7b9c8d5-x2kq9 to ip-10-0-4-12.eu-west-1.compute.internal"],
  ["06:15:00", null, "Pulled", "", "Pod prod/web-6f7b9c8d5-x2kq9", N12, 'Container image "registry.example.com/web:2.14.1" already present on machine'],
  ["06:15:00", null, "Created", "", "Pod prod/web-6f7b9c8d5-x2kq9", N12, "Created container web"],
  ["06:15:01", null, "Started", "", "Pod prod/web-6f7b9c8d5-x2kq9", N12, "Started container web"],
  ["06:15:09", null, "ScalingReplicaSet", "", "Deployment prod/web", DC, "Scaled down replica set web-5d8f7c9b4 from 3 to 2"],
  ["06:15:09", null, "SuccessfulDelete", "", "ReplicaSet prod/web-5d8f7c9b4", RC, "Deleted pod: web-5d8f7c9b4-7mz2p"],
  ["06:15:09", null, "Killing", "", "Pod prod/web-5d8f7c9b4-7mz2p", N13, "Stopping container web"],
  ["06:15:09", null, "ScalingReplicaSet", "", "Deployment prod/web", DC, "Scaled up replica set web-6f7b9c8d5 from 1 to 2"],
  ["06:15:09", null, "SuccessfulCreate", "", "ReplicaSet prod/web-6f7b9c8d5", RC, "Created pod: web-6f7b9c8d5-hq4vd"],
  [
    "06:15:12",
    "06:15:18",
    "Unhealthy",
    " ×3",
    "Pod prod/web-6f7b9c8d5-hq4vd",
    N13,
    'Readiness probe failed: Get "http://10.0.5.31:8080/healthz": dial tcp 10.0.5.31:8080: connect: connection refused',
  ],
  ["06:15:21", null, "ScalingReplicaSet", "", "Deployment prod/web", DC, "Scaled down replica set web-5d8f7c9b4 from 2 to 1"],
  ["06:15:21", null, "Killing", "", "Pod prod/web-5d8f7c9b4-b8wkt", N12, "Stopping container web"],
  ["06:15:21", null, "ScalingReplicaSet", "", "Deployment prod/web", DC, "Scaled up replica set web-6f7b9c8d5 from 2 to 3"],
  ["06:15:34", null, "ScalingReplicaSet", "", "Deployment prod/web", DC, "Scaled down replica set web-5d8f7c9b4 from 1 to 0"],
  ["06:15:34", null, "SuccessfulDelete", "", "ReplicaSet prod/web-5d8f7c9b4", RC, "Deleted pod: web-5d8f7c9b4-r9tnx"],
  ["06:15:34", null, "Killing", "", "Pod prod/web-5d8f7c9b4-r9tnx", N13, "Stopping container web"],
  [
    "06:16:02",
    "06:21:40",
    "BackOff",
    " ×12",
    "Pod kube-system/node-local-dns-7x2kq",
    N12,
    "Back-off restarting failed container node-cache in pod node-local-dns-7x2kq_kube-system(5b0c2c83-9a1f-4c1e-8f0e-2d4f1f2b7a10)",
  ],
  ["06:20:00", null, "ScalingReplicaSet", "", "Deployment prod/api", DC, "Scaled up replica set api-7c9d8b6f4 to 1"],
  ["06:20:12", null, "ScalingReplicaSet", "", "Deployment prod/api", DC, "Scaled down replica set api-84d5f6c7b to 1"],
  ["06:20:12", null, "ScalingReplicaSet", "", "Deployment prod/api", DC, "Scaled up replica set api-7c9d8b6f4 to 2"],
  ["06:20:30", null, "ScalingReplicaSet", "", "Deployment prod/api", DC, "Scaled down replica set api-84d5f6c7b to 0"],
  [
    "06:40:00",
    null,
    "SuccessfulRescale",
    "",
    "HorizontalPodAutoscaler prod/web",
    "horizontal-pod-autoscaler",
    "New size: 5; reason: cpu resource utilization (percentage of request) above target",
  ],
  ["06:40:00", null, "ScalingReplicaSet", "", "Deployment prod/web", DC, "Scaled up replica set web-6f7b9c8d5 from 3 to 5"],
  [
    "06:40:01.073921",
    null,
    "FailedScheduling",
    "",
    "Pod prod/web-6f7b9c8d5-zz9k2",
    SCHED,
    "0/6 nodes are available: 6 Insufficient cpu. preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.",
  ],
];

describe("kubectl get events -o json", () => {
  it("turns every event of a List into a marker and each rollout into one band", () => {
    const out = runMarkers(createKubernetesEventsParser, fixture("k8s-events-list.json"));
    expect(out.markers).toEqual([
      ...listRows.map(marker),
      {
        ts: at("06:14:58"),
        endTs: at("06:15:34"),
        kind: "rollout",
        label: "rollout prod/web (web-6f7b9c8d5)",
        source: DC,
        object: "Deployment prod/web",
        message: "web-5d8f7c9b4 → web-6f7b9c8d5: 6 scaling steps, 12 ReplicaSet/Pod events",
      },
      {
        ts: at("06:20:00"),
        endTs: at("06:20:30"),
        kind: "rollout",
        label: "rollout prod/api (api-7c9d8b6f4)",
        source: DC,
        object: "Deployment prod/api",
        message: "api-84d5f6c7b → api-7c9d8b6f4: 4 scaling steps, 0 ReplicaSet/Pod events",
      },
    ]);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("reads a single Event (docs/docs/formats.md §6.1 example)", () => {
    const out = runMarkers(createKubernetesEventsParser, fixture("k8s-event-single.json"));
    expect(out.markers).toEqual([
      marker(["06:10:00", null, "ScalingReplicaSet", "", "Deployment prod/web", DC, "Scaled up replica set web-6f7b9c to 3"]),
    ]);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("reads events.k8s.io/v1 JSON lines with series.lastObservedTime precedence", () => {
    const out = runMarkers(createKubernetesEventsParser, fixture("k8s-events.jsonl"));
    expect(out.markers).toEqual([
      marker(["06:16:40", "06:18:10", "Unhealthy", " ×10", "Pod kube-system/coredns-5d78c9869d-4xk2p", N13, "Readiness probe failed: HTTP probe failed with statuscode: 503"]),
      marker(["06:17:00.25", "06:19:00.75", "ScalingReplicaSet", " ×4", "Deployment kube-system/coredns", DC, "Scaled up replica set coredns-5d78c9869d from 2 to 4"]),
    ]);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("rejects non-events, events without time and broken lines; warns about unknown scaling messages", () => {
    const event = (over: Record<string, unknown>) =>
      JSON.stringify({ involvedObject: { kind: "Deployment", namespace: "prod", name: "web" }, reason: "ScalingReplicaSet", lastTimestamp: "2024-06-10T06:10:00Z", ...over });
    const text = [
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-6f7b9c8d5-x2kq9"}}',
      event({ lastTimestamp: null, firstTimestamp: null, eventTime: null }),
      '{"involvedObject":{"kind":"Pod","name":"x"},"reason":"Killing",',
      event({ message: "Scaled replica set web-6f7b9c to 3 (paused)" }),
      event({ lastTimestamp: "10/06/2024 06:10" }),
    ].join("\n");
    const out = runMarkers(createKubernetesEventsParser, text);
    expect(out.markers).toHaveLength(1);
    expect(out.rejects.map((r) => [r.line, r.message])).toEqual([
      [3, "not valid JSON: value is never closed; skipped to the next line"],
      [1, "is a Pod, not an Event"],
      [2, "ScalingReplicaSet Deployment web: no time (series.lastObservedTime, lastTimestamp and eventTime are all empty)"],
      [5, 'ScalingReplicaSet Deployment web: unrecognised time "10/06/2024 06:10": expected RFC 3339 / ISO-8601 or an epoch number'],
    ]);
    expect(out.warns).toEqual([{ line: 0, message: 'ScalingReplicaSet message "Scaled replica set web-6f7b9c to 3 (paused)" not understood; not used for rollouts' }]);
  });

  it("warns on an empty list", () => {
    const out = runMarkers(createKubernetesEventsParser, '{"apiVersion":"v1","items":[],"kind":"List","metadata":{"resourceVersion":""}}');
    expect(out.warns).toEqual([{ line: 0, message: "the export contains no events" }]);
  });
});
