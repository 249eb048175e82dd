// Writes every evidence file of the "it wasn't DNS" demo into a folder; returns their paths.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { writeDemoCapture } from "./demo-capture";
import { writeDemoEvents } from "./demo-events";
import { writeDemoFlows } from "./demo-flows";
import { writeDemoMetrics } from "./demo-metrics";

export async function writeDemoFiles(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files = {
    flows: path.join(dir, "111122223333_vpcflowlogs_eu-west-1_fl-0demo_20261110T1400Z.log.gz"),
    capture: path.join(dir, "node-local-dns-upstream.pcap"),
    metrics: path.join(dir, "prometheus-node-metrics.json"),
    events: path.join(dir, "kubectl-events-prod.json"),
  };
  await writeDemoFlows(files.flows);
  writeDemoCapture(files.capture);
  writeDemoMetrics(files.metrics);
  writeDemoEvents(files.events);
  return Object.values(files);
}
