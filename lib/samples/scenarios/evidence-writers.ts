// Evidence files other than captures, for detector tests and the scenario suite: v5 flow logs
// (the project's generator plus hand-made records), Prometheus text exports with explicit
// timestamps, and deploy-marker CSVs.
import { createWriteStream, writeFileSync } from "node:fs";
import { once } from "node:events";
import { generateVpcFlowLog, type VpcFlowLogOptions, type VpcFlowTruth } from "../vpc-flow-log";

/** A v5 flow log: generated background traffic plus extra records (flow logs are unordered anyway). */
export async function writeFlowLogFile(file: string, options: Omit<VpcFlowLogOptions, "version">, extra: Iterable<string> = []): Promise<VpcFlowTruth> {
  const out = createWriteStream(file);
  const { lines, truth } = generateVpcFlowLog({ version: 5, ...options });
  let batch = "";
  for (const part of [lines, extra]) {
    for (const line of part) {
      batch += line + "\n";
      if (batch.length < 1 << 16) continue;
      const ok = out.write(batch);
      batch = "";
      if (!ok) await once(out, "drain");
    }
  }
  out.end(batch);
  await once(out, "finish");
  return truth;
}

/** v5 records (same field order as the generator's header). */
export function flowRecord(f: { src: string; dst: string; sport: number; dport: number; start: number; flags: number; packets?: number; dir?: "ingress" | "egress"; action?: "ACCEPT" | "REJECT" }): string {
  const packets = f.packets ?? 1;
  return `5 eni-0a1b2c3d4e5f6a7b8 ${f.src} ${f.dst} ${f.sport} ${f.dport} 6 ${packets} ${packets * 54} ${f.start} ${f.start} ${f.action ?? "ACCEPT"} ${f.flags} ${f.src} ${f.dst} ${f.dir ?? "egress"} 1 OK`;
}

export interface Series {
  name: string;
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

/** Prometheus text exposition with explicit ms timestamps. */
export function writePrometheusFile(file: string, series: Series[]): string {
  const lines: string[] = [];
  for (const s of series) {
    const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(",");
    for (const [t, v] of s.points) lines.push(`${s.name}{${labels}} ${v} ${t}`);
  }
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** Every `stepS` seconds from `t0S` (epoch s) for `seconds`, value from `f(t ms, i)`. */
export function sampledFrom(t0S: number, seconds: number, stepS: number, f: (t: number, i: number) => number): Array<[number, number]> {
  return Array.from({ length: Math.floor(seconds / stepS) }, (_, i) => {
    const t = (t0S + i * stepS) * 1000;
    return [t, f(t, i)] as [number, number];
  });
}

/** Deploy markers as CSV: `time,end,label,kind`, times in epoch seconds. */
export function writeMarkersFile(file: string, markers: Array<{ from: number; to?: number; label: string; kind: string }>): string {
  const iso = (s: number) => new Date(s * 1000).toISOString();
  const rows = markers.map((m) => `${iso(m.from)},${m.to === undefined ? "" : iso(m.to)},"${m.label}",${m.kind}`);
  writeFileSync(file, ["time,end,label,kind", ...rows].join("\n") + "\n");
  return file;
}
