// "It wasn't DNS" (docs/incidents.md, incident 1) as times and addresses shared by every demo file: a
// rollout of prod/checkout deletes pods; the alerting engine's gRPC clients keep dialling the
// deleted pod IP (SYN storm, 130k SYNs in 90 s), conntrack goes 13k → 60k, node-local-dns cannot
// open upstream connections and DNS answers take seconds.
const T0 = Date.UTC(2026, 10, 10, 14, 0, 0); // 2026-11-10T14:00:00Z

export const DEMO = {
  title: "DNS errors during checkout rollouts",
  ticket: "OPS-4711",
  summary:
    "SERVFAILs and 5 s DNS answers for ~3 minutes during every rollout of prod/checkout. Looked like DNS. " +
    "Evidence: VPC flow logs of the node's ENI, a node-local-dns upstream capture, node metrics, rollout events.",
  t0: T0,
  windowFrom: T0,
  windowTo: T0 + 30 * 60_000,
  rolloutFrom: T0 + 10 * 60_000,
  rolloutTo: T0 + 14 * 60_000 + 30_000,
  gracefulStopFrom: T0 + 10 * 60_000,
  gracefulStopTo: T0 + 10 * 60_000 + 30_000,
  stormFrom: T0 + 10 * 60_000 + 30_000,
  stormTo: T0 + 12 * 60_000,
  stormSynsPerSec: 1450,
  deletedPodIp: "10.0.42.17",
  oldPodIps: ["10.0.42.17", "10.0.42.23", "10.0.42.31"],
  upstreamResolver: "10.100.0.10",
  conntrackLimit: 65536,
} as const;
