// Shared by the metric parser tests: runs a parser over a fixture (whole, or in chunks of any size)
// and collects what reached the sink.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ParseIssue, StreamParser } from "../types";
import type { MetricSink } from "./metric-sink";

export interface CollectedPoint {
  name: string;
  labels: Record<string, string>;
  unit: string | null;
  t: number;
  value: number;
}

export interface Collected {
  points: CollectedPoint[];
  warns: ParseIssue[];
  rejects: ParseIssue[];
}

export function fixture(name: string): Buffer {
  return readFileSync(path.join(import.meta.dirname, "fixtures", name));
}

export function run(create: (sink: MetricSink) => StreamParser, input: string | Uint8Array, chunkSize = Infinity): Collected {
  const out: Collected = { points: [], warns: [], rejects: [] };
  const parser = create({
    point: (s, t, value) => out.points.push({ name: s.name, labels: { ...s.labels }, unit: s.unit, t, value }),
    warn: (i) => out.warns.push(i),
    reject: (i) => out.rejects.push(i),
  });
  const bytes = typeof input === "string" ? Buffer.from(input) : Buffer.from(input);
  if (chunkSize === Infinity) parser.write(bytes);
  else for (let i = 0; i < bytes.length; i += chunkSize) parser.write(bytes.subarray(i, i + chunkSize));
  parser.end();
  return out;
}

/** An expected point. */
export const p = (name: string, labels: Record<string, string>, t: number, value: number, unit: string | null = null): CollectedPoint => ({
  name,
  labels,
  unit,
  t,
  value,
});

export const messages = (issues: ParseIssue[]) => issues.map((i) => i.message);
