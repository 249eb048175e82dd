// Runs a capture parser over bytes fed in chunks of a given size and collects what it emits
// (tests, scripts and ad-hoc inspection).
import type { ParseIssue, StreamParser } from "../types";
import type { CapturePacket, CaptureSink } from "./packet";

export interface CollectedCapture {
  packets: CapturePacket[];
  issues: ParseIssue[];
}

export function collectCapture(create: (sink: CaptureSink) => StreamParser, input: Uint8Array, chunkSize = Math.max(1, input.length)): CollectedCapture {
  const out: CollectedCapture = { packets: [], issues: [] };
  const parser = create({ packet: (p) => out.packets.push(p), reject: (i) => out.issues.push(i) });
  for (let off = 0; off < input.length; off += chunkSize) parser.write(input.subarray(off, off + chunkSize));
  parser.end();
  return out;
}
