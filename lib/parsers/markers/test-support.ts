// Shared by the marker parser tests.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ParseIssue, StreamParser } from "../types";
import type { Marker, MarkerSink } from "./marker-sink";

export interface CollectedMarkers {
  markers: Marker[];
  warns: ParseIssue[];
  rejects: ParseIssue[];
}

export function fixture(name: string): Buffer {
  return readFileSync(path.join(import.meta.dirname, "fixtures", name));
}

export function runMarkers(create: (sink: MarkerSink) => StreamParser, input: string | Uint8Array, chunkSize = Infinity): CollectedMarkers {
  const out: CollectedMarkers = { markers: [], warns: [], rejects: [] };
  const parser = create({ marker: (m) => out.markers.push(m), warn: (i) => out.warns.push(i), reject: (i) => out.rejects.push(i) });
  const bytes = Buffer.from(input);
  if (chunkSize === Infinity) parser.write(bytes);
  else for (let i = 0; i < bytes.length; i += chunkSize) parser.write(bytes.subarray(i, i + chunkSize));
  parser.end();
  return out;
}

/** Epoch ms of a time on the incident day, 2024-06-10, UTC ("06:14:58.412345" allowed). */
export function at(hms: string): number {
  const [whole, frac = ""] = hms.split(".");
  return Date.parse(`2024-06-10T${whole}Z`) + (frac ? Number(`0.${frac}`) * 1000 : 0);
}
