// Demo node metrics as a Prometheus HTTP API range query export (matrix, 15 s step): conntrack
// entries 13k → 60k during the rollout against a 65536 limit, the ENA conntrack_allowance_exceeded
// counter, node-local-dns memory and max_concurrent rejects.
import { writeFileSync } from "node:fs";
import { DEMO } from "./scenario";

const STEP = 15_000;
const NODES = ["ip-10-0-1-23", "ip-10-0-2-41", "ip-10-0-3-7"];

function during(t: number, from: number, to: number) {
  return t >= from && t < to;
}

function series(name: string, labels: Record<string, string>, value: (t: number) => number) {
  const values: Array<[number, string]> = [];
  for (let t = DEMO.windowFrom; t <= DEMO.windowTo; t += STEP) values.push([t / 1000, String(value(t))]);
  return { metric: { __name__: name, ...labels }, values };
}

export function writeDemoMetrics(path: string): void {
  const wobble = (t: number, i: number) => Math.round(300 * Math.sin(t / 97_000 + i));
  const result = NODES.flatMap((node, i) => {
    const instance = `${node}:9100`;
    let allowance = 0;
    let rejects = 0;
    return [
      series("node_nf_conntrack_entries", { instance, node }, (t) =>
        during(t, DEMO.stormFrom - 15_000, DEMO.rolloutTo) && i === 0 ? 60_000 + wobble(t, i) : 13_000 + wobble(t, i)),
      series("node_nf_conntrack_entries_limit", { instance, node }, () => DEMO.conntrackLimit),
      series("node_ethtool_conntrack_allowance_exceeded", { instance, node, device: "eth0" }, (t) =>
        (allowance += during(t, DEMO.stormFrom, DEMO.stormTo + 60_000) && i === 0 ? 850 : 0)),
      series("container_memory_working_set_bytes", { instance, node, container: "node-cache", namespace: "kube-system" }, (t) =>
        during(t, DEMO.stormFrom, DEMO.rolloutTo) && i === 0 ? 96_000_000 + (t - DEMO.stormFrom) * 120 : 31_000_000 + wobble(t, i) * 1000),
      series("coredns_forward_max_concurrent_rejects_total", { instance, node }, (t) =>
        (rejects += during(t, DEMO.stormFrom + 30_000, DEMO.stormTo + 90_000) && i === 0 ? 1200 : 0)),
    ];
  });
  writeFileSync(path, JSON.stringify({ status: "success", data: { resultType: "matrix", result } }, null, 1));
}
