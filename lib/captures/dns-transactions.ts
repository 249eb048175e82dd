// Pairs DNS queries with responses the way Wireshark computes dns.time (docs/docs/formats.md §3.6), across
// several capture files fed in sequence (rotated `tcpdump -G` files form one timeline).
//
// Key: (client, client port, server, server port, transport, DNS id). A query repeated with the
// same key while unanswered, less than `retransmitWindowUs` (Wireshark: 5 s) after the first, is
// a retry of the same transaction; the latency is first answer − first query (what the client
// waited). A repeat at or after the window starts a new transaction and the old one ends
// unanswered — exactly Wireshark's rule, checked against tshark. Memory is bounded: pending
// queries older than `pendingHorizonUs` (default 60 s) before the newest packet are emitted as
// unanswered.
import type { CapturePacket } from "@/lib/parsers/capture/packet";

export interface DnsTransaction {
  /** Epoch µs of the first query packet. */
  queryTs: number;
  /** Epoch µs of the first response; null when unanswered. */
  answerTs: number | null;
  latencyUs: number | null;
  client: string;
  clientPort: number;
  server: string;
  serverPort: number;
  transport: "udp" | "tcp";
  dnsId: number;
  qname: string | null;
  qtype: number | null;
  /** Response RCODE (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED…); null when unanswered. */
  rcode: number | null;
  /** Repeated query packets (same key, within the window) before the answer. */
  retries: number;
  /** Which file/upload of the sequence the first query came from. */
  sourceIndex: number;
}

export interface DnsMatcherOptions {
  /** Default 60 s. */
  pendingHorizonUs?: number;
  /** Default 5 s (Wireshark's dns.retransmission_timer). */
  retransmitWindowUs?: number;
}

export interface DnsMatcherStats {
  queries: number;
  responses: number;
  /** Responses with no pending query: duplicates, unsolicited, or the query was not captured. */
  unmatchedResponses: number;
}

const SECOND = 1_000_000;

export class DnsTransactionMatcher {
  // Insertion order = order of first query, so expiry only looks at the front.
  private readonly pending = new Map<string, DnsTransaction>();
  private readonly horizonUs: number;
  private readonly windowUs: number;
  private newestTs = -Infinity;
  private nextExpiryCheck = -Infinity;
  readonly stats: DnsMatcherStats = { queries: 0, responses: 0, unmatchedResponses: 0 };

  constructor(
    private readonly onTransaction: (t: DnsTransaction) => void,
    options: DnsMatcherOptions = {},
  ) {
    this.horizonUs = options.pendingHorizonUs ?? 60 * SECOND;
    this.windowUs = options.retransmitWindowUs ?? 5 * SECOND;
  }

  /** Feed packets in time order; packets without DNS are ignored. */
  packet(p: CapturePacket, sourceIndex = 0): void {
    if (p.dns === null || p.src === null || p.dst === null || p.srcPort === null || p.dstPort === null) return;
    if (p.ts > this.newestTs) this.newestTs = p.ts;
    const transport = p.tcp ? "tcp" : "udp";
    for (const m of p.dns) {
      if (m.response) {
        this.stats.responses++;
        const k = key(p.dst, p.dstPort, p.src, p.srcPort, transport, m.id);
        const t = this.pending.get(k);
        if (!t) {
          this.stats.unmatchedResponses++;
          continue;
        }
        t.answerTs = p.ts;
        t.latencyUs = Math.max(0, p.ts - t.queryTs);
        t.rcode = m.rcode;
        t.qname ??= m.qname;
        t.qtype ??= m.qtype;
        this.pending.delete(k);
        this.onTransaction(t);
      } else {
        this.stats.queries++;
        const k = key(p.src, p.srcPort, p.dst, p.dstPort, transport, m.id);
        const t = this.pending.get(k);
        if (t && p.ts - t.queryTs < this.windowUs) {
          t.retries++;
          continue;
        }
        if (t) {
          this.pending.delete(k);
          this.onTransaction(t);
        }
        this.pending.set(k, {
          queryTs: p.ts,
          answerTs: null,
          latencyUs: null,
          client: p.src,
          clientPort: p.srcPort,
          server: p.dst,
          serverPort: p.dstPort,
          transport,
          dnsId: m.id,
          qname: m.qname,
          qtype: m.qtype,
          rcode: null,
          retries: 0,
          sourceIndex,
        });
      }
    }
    if (this.newestTs >= this.nextExpiryCheck) this.expire();
  }

  /** Emits every pending query as unanswered (end of the last file). */
  finish(): void {
    for (const t of this.pending.values()) this.onTransaction(t);
    this.pending.clear();
  }

  /** Queries still waiting for an answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  private expire(): void {
    const cutoff = this.newestTs - this.horizonUs;
    for (const [k, t] of this.pending) {
      if (t.queryTs >= cutoff) break;
      this.pending.delete(k);
      this.onTransaction(t);
    }
    // Checking once per 100 ms of capture time is plenty and keeps this off the hot path.
    this.nextExpiryCheck = this.newestTs + SECOND / 10;
  }
}

function key(client: string, clientPort: number, server: string, serverPort: number, transport: string, id: number): string {
  return `${client}|${clientPort}|${server}|${serverPort}|${transport}|${id}`;
}
