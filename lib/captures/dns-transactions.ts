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
//
// DNS found by content on a port that is no DNS port (lib/parsers/capture/dns-sniff.ts) counts
// only where a query and its answer paired up: once a server endpoint (address, port, transport)
// answered one such query, its other transactions count too, unanswered ones included; the rest
// is counted in `unpairedByContent`, not as transactions. Messages sent to a multicast address
// (mDNS, LLMNR queries) have no 5-tuple to pair on: they are counted in `multicast` only.
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
  /** Its query was found by content, not by port. */
  byContent: boolean;
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
  /** DNS messages found by content whose server endpoint never answered such a query (not counted). */
  unpairedByContent: number;
  /** DNS messages sent to a multicast address (not paired, not counted as transactions). */
  multicast: number;
}

const SECOND = 1_000_000;

export class DnsTransactionMatcher {
  // Insertion order = order of first query, so expiry only looks at the front.
  private readonly pending = new Map<string, DnsTransaction>();
  private readonly horizonUs: number;
  private readonly windowUs: number;
  private newestTs = -Infinity;
  private nextExpiryCheck = -Infinity;
  readonly stats: DnsMatcherStats = { queries: 0, responses: 0, unmatchedResponses: 0, unpairedByContent: 0, multicast: 0 };
  /** Server endpoints that answered a query found by content. */
  private readonly confirmed = new Set<string>();

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
    if (isMulticast(p.dst)) {
      this.stats.multicast += p.dns.length;
      return;
    }
    for (const m of p.dns) {
      if (m.response) {
        this.stats.responses++;
        const k = key(p.dst, p.dstPort, p.src, p.srcPort, transport, m.id);
        const t = this.pending.get(k);
        if (!t) {
          if (m.byContent && !this.confirmed.has(endpoint(p.src, p.srcPort, transport))) this.stats.unpairedByContent++;
          else this.stats.unmatchedResponses++;
          continue;
        }
        if (t.byContent) this.confirmed.add(endpoint(p.src, p.srcPort, transport));
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
          this.unanswered(t);
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
          byContent: m.byContent,
        });
      }
    }
    if (this.newestTs >= this.nextExpiryCheck) this.expire();
  }

  /** Emits every pending query as unanswered (end of the last file). */
  finish(): void {
    for (const t of this.pending.values()) this.unanswered(t);
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
      this.unanswered(t);
    }
    // Checking once per 100 ms of capture time is plenty and keeps this off the hot path.
    this.nextExpiryCheck = this.newestTs + SECOND / 10;
  }

  /** An unanswered transaction, unless found by content at an endpoint never seen answering. */
  private unanswered(t: DnsTransaction): void {
    if (t.byContent && !this.confirmed.has(endpoint(t.server, t.serverPort, t.transport))) this.stats.unpairedByContent += 1 + t.retries;
    else this.onTransaction(t);
  }
}

const endpoint = (address: string, port: number, transport: string) => `${address}|${port}|${transport}`;

/** 224.0.0.0/4 or ff00::/8 (text form). */
function isMulticast(address: string): boolean {
  const c = address.charCodeAt(0);
  if (c === 0x66 || c === 0x46) return (address.charCodeAt(1) | 0x20) === 0x66 && address.includes(":");
  if (c !== 0x32) return false;
  const first = Number.parseInt(address, 10);
  return first >= 224 && first <= 239 && address.charCodeAt(3) === 0x2e;
}

function key(client: string, clientPort: number, server: string, serverPort: number, transport: string, id: number): string {
  return `${client}|${clientPort}|${server}|${serverPort}|${transport}|${id}`;
}
