// The parsing half of capture ingest, free of the database: each file of a batch, in order,
// through its format's parser into one CaptureAnalyzer, moved by the upload's clock, its rejects
// logged and its progress kept, then the notes of what the numbers leave out. ingestCaptures()
// runs it and stores what the analyzer derived; the corpus test (test/corpus) runs exactly this
// to compare Hindsight's counts with tshark's.
import { packetAccounting, type CaptureAnalysis, type CaptureAnalyzer, type CaptureSource, type PacketAccounting } from "@/lib/captures/capture-analyzer";
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

/**
 * Notes each upload carries about what its numbers leave out (unpaired or multicast DNS, DNS not
 * fully decoded, packets set aside, what reassembly gave up); batch-wide ones go on the first
 * file. Returns each member's packet accounting (undefined for a file without packets).
 */
export function noteCaptureIssues(members: ReadonlyArray<Pick<CaptureMember, "issues">>, analysis: CaptureAnalysis): Array<PacketAccounting | undefined> {
  const { summary, sources } = analysis;
  const first = members[0]?.issues;
  if (summary.badAddresses) first?.note({ line: 0, message: `${summary.badAddresses} DNS transactions had unreadable addresses and were skipped` });
  if (summary.dnsUnpairedByContent) {
    first?.note({ line: 0, message: `${summary.dnsUnpairedByContent} DNS-looking messages on ports that are not DNS ports never paired with a query or answer (not counted; set dnsPorts to count them)` });
  }
  if (summary.dnsMulticast) first?.note({ line: 0, message: `${summary.dnsMulticast} DNS messages sent to a multicast address (mDNS/LLMNR) were not paired (not counted as transactions)` });
  return members.map((m, index) => {
    const source = sources[index];
    if (source?.dnsMalformed) m.issues.note({ line: 0, message: `${source.dnsMalformed} DNS messages could not be fully decoded (kept as packets)` });
    if (source?.dnsUndecoded) m.issues.note({ line: 0, message: `${source.dnsUndecoded} packets on a DNS port held no decodable DNS message (shorter than its 12-byte header or cut by the snaplen): kept as packets, not counted as queries or answers` });
    const accounting = source ? packetAccounting(source) : undefined;
    if (accounting && accounting.decoded < accounting.total) m.issues.note({ line: 0, message: setAsideNote(accounting) });
    for (const message of source ? reassemblyNotes(source.reassembly) : []) m.issues.note({ line: 0, message });
    return accounting;
  });
}

/** What TCP/IP reassembly gave up, e.g. "2 DNS-over-TCP messages not decoded: capture ended mid-message: 2." */
function reassemblyNotes(r: CaptureSource["reassembly"]): string[] {
  const list = (reasons: Array<{ reason: string; count: number }>) => reasons.map((x) => `${x.reason}: ${x.count}`).join("; ");
  const sum = (reasons: Array<{ count: number }>) => reasons.reduce((n, x) => n + x.count, 0);
  const notes: string[] = [];
  if (r.tcpGivenUp.length) notes.push(`${sum(r.tcpGivenUp)} DNS-over-TCP messages or stream parts not decoded: ${list(r.tcpGivenUp)}.`);
  if (r.ipGivenUp.length) notes.push(`${sum(r.ipGivenUp)} IP fragments never reassembled (counted as IP packets only): ${list(r.ipGivenUp)}.`);
  return notes;
}

/** "12 of 159 packets set aside (not counted): bad timestamp … 12." — the top reasons. */
function setAsideNote(a: PacketAccounting): string {
  const shown = a.setAside.slice(0, 5).map((r) => `${r.reason}: ${r.count}`);
  if (a.setAside.length > shown.length) shown.push(`${a.setAside.length - shown.length} more reasons`);
  return `${a.total - a.decoded} of ${a.total} packets set aside (not counted): ${shown.join("; ")}.`;
}

/** A sink that moves every packet by the upload's clock offset before the analyzer sees it. */
export function shifted(sink: CaptureSink, offsetMs: number): CaptureSink {
  if (!offsetMs) return sink;
  const offsetUs = offsetMs * 1000;
  return { packet: (p) => sink.packet({ ...p, ts: p.ts + offsetUs }), reject: (issue) => sink.reject(issue), reassembly: (r) => sink.reassembly?.(r) };
}
