// The investigation of the "it wasn't DNS" demo incident: what three people proposed, saw and
// decided, in the order they did it, plus the permalinks and postmortem draft they ended with.
// Pure data (times from DEMO); scripts/demo-loader.ts replays it through the HTTP API.
import { embedLine } from "../../postmortem/embeds";
import { TIMELINE_END, TIMELINE_START, utc } from "../../postmortem/timeline-block";
import type { TAnnotationStance } from "../../schemas/annotation";
import type { THypothesisStatus } from "../../schemas/hypothesis";
import { serializeView, type TPanel, type TView } from "../../timeline/view-state";
import { DEMO } from "./scenario";

export const PEOPLE = {
  ana: "Ana (SRE on call)",
  bo: "Bo (network)",
  chen: "Chen (platform)",
} as const;

/**
 * Panel ids as the demo's default layout names them (lib/timeline/view/panels.ts defaultPanels
 * and relevantMetrics): flows; packets and dns for the capture; then the metrics the findings
 * name (the ENA allowance counter, conntrack entries) and the one that moved most besides them
 * (node-local-dns' max_concurrent rejects, drawn as a rate).
 */
export const PANELS = {
  flows: "flows",
  packets: "packets",
  dns: "dns",
  conntrackAllowance: "metric",
  conntrack: "metric-2",
  maxConcurrentRejects: "metric-3",
} as const;

/** The node whose conntrack filled up (the first of the demo's three nodes). */
export const HOT_NODE = "ip-10-0-1-23";
/** End of the capture's trouble segment (lib/samples/demo/demo-capture.ts): 180 s from the storm. */
const dnsTroubleTo = DEMO.stormFrom + 180_000;

export type THypothesisKey = "dns" | "upstream" | "conntrack" | "storm" | "rpf";
export type TAnnotationKey = "dnsLatency" | "upstreamSyns" | "maxConcurrent" | "conntrack" | "rstBurst" | "synStorm" | "rpfAccepted";

export type TInvestigationStep =
  | { kind: "hypothesis"; key: THypothesisKey; author: string; title: string; description: string }
  | { kind: "status"; hypothesis: THypothesisKey; author: string; status: THypothesisStatus; reason: string }
  | {
      kind: "annotation";
      key: TAnnotationKey;
      author: string;
      hypothesis: THypothesisKey;
      stance: TAnnotationStance;
      panel: string;
      from: number;
      to: number;
      text: string;
    };

/** Everything the team did, oldest first. Hypotheses are listed in the order they are created. */
export const INVESTIGATION: TInvestigationStep[] = [
  {
    kind: "hypothesis", key: "dns", author: PEOPLE.ana,
    title: "DNS is failing during rollouts",
    description:
      "Checkout logs `SERVFAIL` and `i/o timeout` resolving `payments.internal` for ~3 minutes during every rollout of `prod/checkout`.\n\n" +
      "Is node-local-dns (or the VPC resolver behind it) failing under the rollout's load?",
  },
  {
    kind: "annotation", key: "dnsLatency", author: PEOPLE.ana, hypothesis: "dns", stance: "supports", panel: PANELS.dns,
    from: DEMO.stormFrom, to: dnsTroubleTo,
    text:
      "**DNS p99 at 5 s** for three minutes, with SERVFAILs and unanswered queries; p50 is ~2 ms before and after.\n\n" +
      "Lines up with the rollout of `prod/checkout`.",
  },
  {
    kind: "status", hypothesis: "dns", author: PEOPLE.ana, status: "supported",
    reason: "DNS p99 sits at 5 s and SERVFAILs appear exactly during the rollout window; outside it answers take ~2 ms.",
  },
  {
    kind: "hypothesis", key: "upstream", author: PEOPLE.bo,
    title: "node-local-dns can't open upstream connections",
    description:
      "5 s is node-local-dns' `forward` timeout, not an answer time. It hits `max_concurrent` (1000) at under 400 rps, so queries " +
      `must be waiting for upstream TCP connections to \`${DEMO.upstreamResolver}:53\` that are never set up.`,
  },
  {
    kind: "annotation", key: "upstreamSyns", author: PEOPLE.bo, hypothesis: "upstream", stance: "supports", panel: PANELS.packets,
    from: DEMO.stormFrom, to: DEMO.stormFrom + 175_000,
    text:
      `**SYN retransmissions to ${DEMO.upstreamResolver}:53** from node-local-dns, no SYN-ACK: upstream connections do not open.\n\n` +
      "Queries on connections that did open were answered in milliseconds.",
  },
  {
    kind: "annotation", key: "maxConcurrent", author: PEOPLE.bo, hypothesis: "upstream", stance: "supports", panel: PANELS.maxConcurrentRejects,
    from: DEMO.stormFrom + 30_000, to: DEMO.stormTo + 90_000,
    text: `**\`max_concurrent\` rejects climbing** on ${HOT_NODE}: 1000 queries in flight, all waiting for an upstream connection.`,
  },
  {
    kind: "status", hypothesis: "upstream", author: PEOPLE.bo, status: "supported",
    reason: `Upstream SYNs to ${DEMO.upstreamResolver}:53 go unanswered in the capture while max_concurrent rejects climb, in the same three minutes.`,
  },
  {
    kind: "status", hypothesis: "dns", author: PEOPLE.bo, status: "refuted",
    reason:
      "Answers are slow because node-local-dns cannot open upstream connections; the resolver itself is fine " +
      "(answers in milliseconds once connected, no errors on the VPC resolver). DNS is the victim, not the cause.",
  },
  {
    kind: "hypothesis", key: "conntrack", author: PEOPLE.chen,
    title: "conntrack on the node is saturated",
    description:
      "New connections fail while established ones keep working: that is what a full connection-tracking table looks like.\n\n" +
      "Check `node_nf_conntrack_entries` against its limit and the ENA `conntrack_allowance_exceeded` counter.",
  },
  {
    kind: "annotation", key: "conntrack", author: PEOPLE.chen, hypothesis: "conntrack", stance: "supports", panel: PANELS.conntrack,
    from: DEMO.stormFrom - 15_000, to: DEMO.rolloutTo,
    text:
      `**conntrack 13k → 60k** on ${HOT_NODE} (limit ${DEMO.conntrackLimit.toLocaleString("en-US")}); the other nodes stay at 13k.\n\n` +
      "ENA `conntrack_allowance_exceeded` on eth0 climbs at the same time: the hypervisor drops packets of new flows.",
  },
  {
    kind: "status", hypothesis: "conntrack", author: PEOPLE.chen, status: "supported",
    reason: `conntrack goes 13k → 60k on ${HOT_NODE} during the rollout and ENA conntrack_allowance_exceeded rises with it.`,
  },
  {
    kind: "hypothesis", key: "storm", author: PEOPLE.bo,
    title: "the alerting engine SYN-floods the deleted pod IP",
    description:
      "What fills conntrack? The alerting engine keeps one gRPC channel per backend IP with `max_reconnect_backoff_ms=300`: " +
      "when the rollout deletes a checkout pod, every channel to it redials every 300 ms.",
  },
  {
    kind: "annotation", key: "rstBurst", author: PEOPLE.bo, hypothesis: "storm", stance: "context", panel: PANELS.flows,
    from: DEMO.gracefulStopFrom, to: DEMO.gracefulStopTo,
    text: `**RST burst** from the old checkout pods (mostly ${DEMO.deletedPodIp}) during graceful stop: in-flight connections are reset and their clients reconnect.`,
  },
  {
    kind: "annotation", key: "synStorm", author: PEOPLE.bo, hypothesis: "storm", stance: "supports", panel: PANELS.flows,
    from: DEMO.stormFrom, to: DEMO.stormTo,
    text:
      `**SYN storm: 130k SYNs in 90 s to ${DEMO.deletedPodIp}:8080**, the pod the rollout just deleted (~${DEMO.stormSynsPerSec.toLocaleString("en-US")} SYN/s, no SYN-ACK).\n\n` +
      "Sources are the alerting engine's pods; it starts right after the graceful-stop RSTs.",
  },
  {
    kind: "status", hypothesis: "storm", author: PEOPLE.chen, status: "confirmed",
    reason:
      `130k SYNs in 90 s to ${DEMO.deletedPodIp} right after the rollout deleted that pod, from the alerting engine ` +
      "(max_reconnect_backoff_ms=300, one channel per backend IP). Reproduced in staging by deleting a pod behind it.",
  },
  {
    kind: "status", hypothesis: "conntrack", author: PEOPLE.chen, status: "confirmed",
    reason:
      "Every SYN to the dead IP holds a conntrack entry: 13k → 60k and ENA conntrack_allowance_exceeded rise exactly with the SYN storm " +
      "and stop with it. Upstream DNS connections are the new flows that get dropped.",
  },
  {
    kind: "hypothesis", key: "rpf", author: PEOPLE.ana,
    title: "reverse-path filtering drops the SYNs",
    description: "After the pod's route is removed, could `rp_filter` on the node be dropping the SYNs, so the clients never get a RST and keep retrying?",
  },
  {
    kind: "annotation", key: "rpfAccepted", author: PEOPLE.bo, hypothesis: "rpf", stance: "refutes", panel: PANELS.flows,
    from: DEMO.stormFrom, to: DEMO.stormTo,
    text: `The storm's SYNs to ${DEMO.deletedPodIp} are **ACCEPT, egress** in the ENI's flow log: they leave the node. Nothing drops them on the way out; nobody answers them.`,
  },
  {
    kind: "status", hypothesis: "rpf", author: PEOPLE.bo, status: "refuted",
    reason:
      "The flow log shows the storm SYNs ACCEPTed and leaving the ENI, and the node's IPReversePathFilter counter stays at 0. " +
      "Dropped or not, each SYN creates a conntrack entry — the harm is the retry rate, not the filter.",
  },
];

const flowsPanel = (filters: { dst?: string } = {}): TPanel => ({
  id: PANELS.flows, type: "flows", collapsed: false, hidden: [], options: { groupBy: "flag", metric: "flows" }, filters,
});
const conntrackPanel: TPanel = {
  id: PANELS.conntrack, type: "metric", collapsed: false, hidden: [],
  options: { name: "node_nf_conntrack_entries", agg: "max" }, filters: { labels: {} },
};
const rejectsPanel: TPanel = {
  id: PANELS.maxConcurrentRejects, type: "metric", collapsed: false, hidden: [],
  options: { name: "coredns_forward_max_concurrent_rejects_total", agg: "rate" }, filters: { labels: {} },
};
const dnsPanel: TPanel = { id: PANELS.dns, type: "dns", collapsed: false, hidden: [], options: { scale: "log" }, filters: {} };

/** A view as the timeline's Share button stores it (components/timeline/workspace.tsx): the view plus its URL query. */
export type TSharedView = TView & { query: string };
const shared = (view: TView): TSharedView => ({ ...view, query: serializeView(view) });

export type TDemoPermalink = { key: "storm" | "symptom"; author: string; view: (annotations: Record<TAnnotationKey, string>) => TSharedView };

/** The views embedded in the postmortem; `view` gets the created annotations' ids to focus one. */
export const PERMALINKS: TDemoPermalink[] = [
  {
    // The root cause: the flows panel zoomed on the storm (SYNs to the deleted pod) with conntrack under it.
    key: "storm", author: PEOPLE.bo,
    view: (a) => shared({
      range: { from: DEMO.gracefulStopFrom - 60_000, to: DEMO.stormTo + 60_000 },
      tz: "utc",
      panels: [flowsPanel({ dst: DEMO.deletedPodIp }), conntrackPanel],
      focus: { kind: "annotation", id: a.synStorm },
      baseline: null,
    }),
  },
  {
    // The symptom everyone saw first: 5 s DNS answers and node-local-dns rejecting at max_concurrent.
    key: "symptom", author: PEOPLE.ana,
    view: (a) => shared({
      range: { from: DEMO.rolloutFrom - 2 * 60_000, to: DEMO.rolloutTo + 2 * 60_000 },
      tz: "utc",
      panels: [dnsPanel, rejectsPanel],
      focus: { kind: "annotation", id: a.dnsLatency },
      baseline: null,
    }),
  },
];

const hm = (t: number) => utc(t).slice(11);

/** The postmortem draft; `slugs` are the permalinks created for PERMALINKS. */
export function postmortemMarkdown(slugs: Record<TDemoPermalink["key"], string>): string {
  const timeline = [
    [DEMO.rolloutFrom, "Rollout of `prod/checkout` starts (3 steps, 90 s apart)."],
    [DEMO.gracefulStopFrom, `Old pods stop gracefully: RST burst from ${DEMO.deletedPodIp} and two other old pods.`],
    [DEMO.stormFrom, `Pod ${DEMO.deletedPodIp} is gone; the alerting engine starts dialling it ~${DEMO.stormSynsPerSec.toLocaleString("en-US")} times a second.`],
    [DEMO.stormFrom, `conntrack on ${HOT_NODE} climbs from 13k to 60k; ENA conntrack_allowance_exceeded rises.`],
    [DEMO.stormFrom, `node-local-dns cannot open upstream connections to ${DEMO.upstreamResolver}:53; DNS p99 reaches 5 s, SERVFAILs in checkout.`],
    [DEMO.stormTo, "The SYN storm ends (130k SYNs in 90 s)."],
    [dnsTroubleTo, "DNS answers back to ~2 ms."],
    [DEMO.rolloutTo, "Rollout complete; conntrack back to 13k."],
  ] as const;
  const day = utc(DEMO.t0).slice(0, 10);
  const rows = timeline.map(([t, text]) => `| ${hm(t)} | ${text} |`).join("\n");
  return `# Postmortem: ${DEMO.title}

_Draft — ${DEMO.ticket}. Written by ${PEOPLE.ana} with ${PEOPLE.bo} and ${PEOPLE.chen}._

## Summary

During every rollout of \`prod/checkout\`, checkout saw SERVFAILs and 5 s DNS answers for about three minutes. It looked like DNS,
but it wasn't: the alerting engine's gRPC clients kept dialling the IP of the pod the rollout had just deleted (130k SYNs in 90 s),
which filled the node's connection tracking. node-local-dns could no longer open upstream connections, so its answers timed out.

## Impact

- ${hm(DEMO.stormFrom)}–${hm(dnsTroubleTo)} UTC on ${day} (and during every earlier rollout): ~3 minutes per rollout.
- Checkout requests on ${HOT_NODE} failing on name resolution: about one query in five got a SERVFAIL or no answer, most others took seconds.
- No data loss.

## Detection

Checkout's error-rate alert during the rollout; the on-call SRE saw DNS errors in the logs and opened ${DEMO.ticket}.
It took four weeks of "it's DNS" before the flow logs were split by TCP flag.

## Timeline

All times in UTC on ${day}. Use "Refresh timeline" to regenerate the table from markers, annotations and hypothesis changes.

${TIMELINE_START}
| Time (UTC) | Event |
| --- | --- |
${rows}
${TIMELINE_END}

## Root cause

The rollout deleted pod \`${DEMO.deletedPodIp}\`. The alerting engine keeps one gRPC channel per backend IP and reconnects with
\`max_reconnect_backoff_ms=300\`, so its clients SYN-flooded the deleted pod IP: 130k SYNs in 90 s, none answered. Every SYN held a
conntrack entry: ${HOT_NODE} went from 13k to 60k entries (limit ${DEMO.conntrackLimit.toLocaleString("en-US")}) and the ENA
\`conntrack_allowance_exceeded\` counter rose — new flows were dropped. node-local-dns' new upstream TCP connections to
\`${DEMO.upstreamResolver}:53\` were among them: queries waited for the 5 s forward timeout and piled up to \`max_concurrent\` (1000).
DNS itself was healthy; reverse-path filtering was ruled out (the SYNs left the node).

${embedLine(slugs.storm)}

The symptom, for comparison: DNS p99 at 5 s while node-local-dns rejects at \`max_concurrent\`.

${embedLine(slugs.symptom)}

## Contributing factors

- \`max_reconnect_backoff_ms=300\` in the alerting engine's gRPC client config, and one channel per backend IP instead of per service.
- No alert on conntrack usage or on ENA \`conntrack_allowance_exceeded\`.
- node-local-dns errors were read as resolver failures: the 5 s forward timeout was not recognised.

## What went well

- Splitting the VPC flow logs by TCP flag showed the storm within minutes once someone looked.
- Rollouts self-healed after ~3 minutes, so impact stayed bounded.

## Action items

| Action | Owner | Due date | Status |
| --- | --- | --- | --- |
| Raise the alerting engine's \`max_reconnect_backoff_ms\` to 30 s with jitter | ${PEOPLE.chen} | 2026-12-18 | open |
| Resolve the service name instead of one gRPC channel per pod IP (round_robin over DNS) | ${PEOPLE.chen} | 2027-01-15 | open |
| Alert on conntrack entries > 70 % of the limit and on ENA \`conntrack_allowance_exceeded\` | ${PEOPLE.bo} | 2026-12-11 | open |
| Dashboard: node-local-dns \`max_concurrent\` rejects next to DNS latency | ${PEOPLE.ana} | 2026-12-11 | open |
| Keep VPC flow logs with TCP flags for every node ENI | ${PEOPLE.bo} | 2026-12-18 | open |
`;
}

/** The postmortem's author. */
export const POSTMORTEM_AUTHOR = PEOPLE.ana;
