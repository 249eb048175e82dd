// The parsing half of capture ingest, free of the database: each file of a batch, in order,
// through its format's parser into one CaptureAnalyzer, moved by the upload's clock, its rejects
// logged and its progress kept. ingestCaptures() runs it and stores what the analyzer derived;
// the corpus test (test/corpus) runs exactly this to compare Hindsight's counts with tshark's.
import type { CaptureAnalyzer } from "@/lib/captures/capture-analyzer";
import type { CaptureSink } from "@/lib/parsers/capture/packet";
import type { CaptureEntry, IngestMember } from "./family";

export type CaptureMember = Pick<IngestMember<CaptureEntry>, "format" | "chunks" | "issues" | "progress" | "clock" | "dnsPorts">;

/** Feeds every member into `analyzer` as source 0, 1, …; `afterChunk` runs after each chunk (flushing a COPY, say). */
export async function readCaptures(analyzer: CaptureAnalyzer, members: readonly CaptureMember[], afterChunk: () => Promise<void> = async () => {}): Promise<void> {
  for (const [index, m] of members.entries()) {
    const parser = m.format.create(
      shifted(
        analyzer.sinkFor(index, (issue) => {
          m.issues.reject(issue);
          m.progress.rowsRejected++;
        }),
        m.clock?.offsetMs ?? 0,
      ),
      { ...(m.clock?.timeZone ? { timeZone: m.clock.timeZone } : {}), ...(m.dnsPorts ? { dnsPorts: m.dnsPorts } : {}) },
    );
    for await (const chunk of m.chunks) {
      parser.write(chunk);
      m.progress.rowsParsed = analyzer.packetsOf(index);
      await afterChunk();
    }
    parser.end();
    m.progress.rowsParsed = analyzer.packetsOf(index);
  }
}

/** A sink that moves every packet by the upload's clock offset before the analyzer sees it. */
export function shifted(sink: CaptureSink, offsetMs: number): CaptureSink {
  if (!offsetMs) return sink;
  const offsetUs = offsetMs * 1000;
  return { packet: (p) => sink.packet({ ...p, ts: p.ts + offsetUs }), reject: (issue) => sink.reject(issue), reassembly: (r) => sink.reassembly?.(r) };
}
