// The exact times of a capture's connection attempts, read again from its stored raw file: the
// rollups keep SYNs per second only, and a proposed offset is refined below a second with them.
import "server-only";
import { blobPath } from "@/lib/evidence/blob-store";
import type { CaptureEntry, UploadClock } from "@/lib/ingest/family";
import { compressionOfFile, readContent, TruncatedCompressedError } from "@/lib/ingest/evidence-reader";
import { shifted } from "@/lib/ingest/ingest-captures";
import { uploadLimits } from "@/lib/ingest/limits";
import type { CaptureSink } from "@/lib/parsers/capture/packet";

const SYN = 0x02;
const ACK = 0x10;

/**
 * Epoch ms of each first SYN (retransmissions of a connection are skipped, as a flow log counts
 * the connection once), on the upload's current clock; at most `max`, evenly thinned beyond it
 * (a correlation does not care about scale). `thinned` says how many were left out.
 */
export async function captureSynTimes(sha256: string, format: CaptureEntry, clock: UploadClock, max = 50_000): Promise<{ times: number[]; total: number }> {
  const all: number[] = [];
  const seen = new Set<string>();
  const sink: CaptureSink = {
    packet(p) {
      if (!p.tcp || (p.tcp.flags & (SYN | ACK)) !== SYN) return;
      const key = `${p.src}|${p.srcPort}|${p.dst}|${p.dstPort}|${p.tcp.seq}`;
      if (seen.has(key)) return;
      if (seen.size < 2_000_000) seen.add(key);
      all.push(p.ts / 1000);
    },
    reject() {},
  };
  const path = blobPath(sha256);
  const parser = format.create(shifted(sink, clock.offsetMs), clock.timeZone ? { timeZone: clock.timeZone } : undefined);
  try {
    for await (const chunk of readContent(path, await compressionOfFile(path), () => {}, uploadLimits())) parser.write(chunk);
  } catch (error) {
    if (!(error instanceof TruncatedCompressedError)) throw error; // ingest noted it; what was read is used
  }
  parser.end();
  if (all.length <= max) return { times: all, total: all.length };
  const stride = all.length / max;
  return { times: Array.from({ length: max }, (_, i) => all[Math.floor(i * stride)]!), total: all.length };
}
