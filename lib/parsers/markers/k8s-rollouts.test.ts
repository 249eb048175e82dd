import { describe, expect, it } from "vitest";
import type { K8sEvent } from "./k8s-event";
import { parseScalingMessage, recogniseRollouts } from "./k8s-rollouts";
import { at } from "./test-support";

const scale = (time: string, message: string, name = "web"): K8sEvent => ({
  line: 1,
  namespace: "prod",
  kind: "Deployment",
  name,
  reason: "ScalingReplicaSet",
  message,
  type: "Normal",
  count: 1,
  start: at(time),
  end: at(time),
  source: "deployment-controller",
});

const summary = (events: K8sEvent[], gapMs?: number) => recogniseRollouts(events, gapMs).map((m) => [m.label, m.ts, m.endTs, m.message]);

describe("rollout recognition", () => {
  it("parses both message styles", () => {
    expect(parseScalingMessage("Scaled up replica set web-6f7b9c from 0 to 3")).toEqual({ up: true, rs: "web-6f7b9c", to: 3 });
    expect(parseScalingMessage("Scaled down replica set web-5d8f7 to 0")).toEqual({ up: false, rs: "web-5d8f7", to: 0 });
    expect(parseScalingMessage("Scaled replica set web to 3")).toBeNull();
  });

  it("ignores scaling of a single ReplicaSet (HPA, kubectl scale)", () => {
    expect(summary([scale("06:00:00", "Scaled up replica set web-a to 5"), scale("06:05:00", "Scaled down replica set web-a to 3")])).toEqual([]);
  });

  it("recognises a Recreate rollout (old to 0 first, then new up)", () => {
    expect(summary([scale("06:00:00", "Scaled down replica set web-a to 0"), scale("06:00:05", "Scaled up replica set web-b to 3")])).toEqual([
      ["rollout prod/web (web-b)", at("06:00:00"), at("06:00:05"), "web-a → web-b: 2 scaling steps, 0 ReplicaSet/Pod events"],
    ]);
  });

  it("says when the export ends before the old ReplicaSet reached 0", () => {
    expect(summary([scale("06:00:00", "Scaled up replica set web-b to 1"), scale("06:00:10", "Scaled down replica set web-a to 2")])).toEqual([
      ["rollout prod/web (web-b)", at("06:00:00"), at("06:00:10"), "web-a → web-b: 2 scaling steps, 0 ReplicaSet/Pod events; not finished in this export (web-a still at 2)"],
    ]);
  });

  it("splits runs at the gap, keeps a maxSurge-0 opening step, and treats a rollback as a new rollout", () => {
    const events = [
      scale("06:00:00", "Scaled up replica set web-b to 1"),
      scale("06:00:10", "Scaled down replica set web-a to 0"),
      scale("06:05:00", "Scaled up replica set web-b to 4"), // HPA on the new ReplicaSet: not a rollout
      scale("07:00:00", "Scaled down replica set web-b to 3"), // maxSurge 0: the old one shrinks first
      scale("07:00:05", "Scaled up replica set web-c to 1"),
      scale("07:00:20", "Scaled down replica set web-b to 0"),
      scale("07:00:25", "Scaled up replica set web-c to 4"),
      scale("08:00:00", "Scaled up replica set web-b to 4"), // rollback to the previous template
      scale("08:00:30", "Scaled down replica set web-c to 0"),
    ];
    expect(summary(events)).toEqual([
      ["rollout prod/web (web-b)", at("06:00:00"), at("06:00:10"), "web-a → web-b: 2 scaling steps, 0 ReplicaSet/Pod events"],
      ["rollout prod/web (web-c)", at("07:00:00"), at("07:00:20"), "web-b → web-c: 3 scaling steps, 0 ReplicaSet/Pod events"],
      ["rollout prod/web (web-b)", at("08:00:00"), at("08:00:30"), "web-c → web-b: 2 scaling steps, 0 ReplicaSet/Pod events"],
    ]);
    // With a 1 s gap nothing chains: every step stands alone.
    expect(summary(events, 1000)).toEqual([]);
  });
});
