// Synthetic DNS/TCP traffic with KNOWN truth, for tests and benchmarks. Packets come out in time
// order through a callback (a small heap holds only the in-flight future packets), so captures
// of millions of packets never sit in memory. The truth is computed here from the scenario
// itself — the fate chosen for each transaction and connection — never by parsing the output.
import { EventHeap, gaussian, rng, type TcpClass } from "./capture-event-queue";
import { encodeDns, withLengthPrefix, type SyntheticPacket } from "./capture-frames";
import type { TimedPacket } from "./pcap-writer";

export type LatencyDistribution =
  | { kind: "fixed"; ms: number }
  | { kind: "uniform"; minMs: number; maxMs: number }
  | { kind: "lognormal"; medianMs: number; sigma: number };

export interface SynStormOptions {
  startSecond: number;
  seconds: number;
  synsPerSecond: number;
  target: string;
  port: number;
  /** Retransmissions of each SYN (same seq) after 1 s, 3 s, 7 s… like Linux. */
  retransmits: number;
}

export interface DnsCaptureOptions {
  seed: number;
  /** Epoch µs of the first second. Default 1 718 000 000 s. */
  startUs?: number;
  seconds: number;
  /** New DNS transactions per second. */
  qps: number;
  clients?: number;
  servers?: string[];
  ipv6Rate?: number;
  /** IPv6 extension headers for IPv6 packets (e.g. [0, 60]). */
  ipv6ExtensionHeaders?: number[];
  /** Share of transactions over TCP (one PSH segment each way; no DNS-level retries). */
  tcpRate?: number;
  unansweredRate?: number;
  servfailRate?: number;
  nxdomainRate?: number;
  /** UDP clients resend the same query (same id and port) this long after each try. Default 1000. */
  retransmitAfterMs?: number;
  /** Default 2; retransmitAfterMs × maxRetries must stay below Wireshark's 5 s window. */
  maxRetries?: number;
  latencyDistribution?: LatencyDistribution;
  synStorm?: SynStormOptions;
  /** Complete TCP connections per second (handshake, then FIN or RST). */
  tcpConnectionsPerSecond?: number;
  /** Keep per-transaction truth and per-second latency lists (default true). */
  keepTransactions?: boolean;
}

export interface TruthTransaction {
  queryUs: number;
  answerUs: number | null;
  latencyUs: number | null;
  rcode: number | null;
  retries: number;
  client: string;
  clientPort: number;
  server: string;
  dnsId: number;
  qname: string;
  transport: "udp" | "tcp";
}

export interface TruthDnsSecond {
  queries: number;
  answered: number;
  unanswered: number;
  servfail: number;
  nxdomain: number;
  retries: number;
  maxLatencyUs: number | null;
  latencies: number[];
}

export interface TruthTcpSecond {
  syn: number;
  synack: number;
  rst: number;
  fin: number;
  other: number;
  none: number;
  synRetransmissions: number;
}

export interface DnsCaptureTruth {
  packets: number;
  transactions: TruthTransaction[];
  dnsSeconds: Map<number, TruthDnsSecond>;
  tcpSeconds: Map<number, TruthTcpSecond>;
}


const QTYPES = [1, 1, 1, 28, 28, 12];
const SECOND = 1_000_000;

export function generateDnsCapture(options: DnsCaptureOptions, emit: (p: TimedPacket) => void): DnsCaptureTruth {
  const o = {
    startUs: 1_718_000_000 * SECOND, clients: 50, servers: ["10.0.0.2"], ipv6Rate: 0, tcpRate: 0, unansweredRate: 0,
    servfailRate: 0, nxdomainRate: 0, retransmitAfterMs: 1000, maxRetries: 2, tcpConnectionsPerSecond: 0,
    keepTransactions: true, latencyDistribution: { kind: "fixed", ms: 10 } as LatencyDistribution, ...options,
  };
  if (o.retransmitAfterMs * o.maxRetries >= 5000) throw new Error("retries must stay within Wireshark's 5 s window");
  const random = rng(o.seed);
  const heap = new EventHeap();
  const truth: DnsCaptureTruth = { packets: 0, transactions: [], dnsSeconds: new Map(), tcpSeconds: new Map() };
  let seq = 0;
  let transactions = 0;
  let connections = 0;
  const schedule = (tsUs: number, packet: SyntheticPacket, tcpClass?: TcpClass, synRetransmission?: boolean) =>
    heap.push({ tsUs, seq: seq++, packet, tcpClass, synRetransmission });

  const drain = (untilUs: number) => {
    while (heap.size > 0 && heap.peek()!.tsUs <= untilUs) {
      const e = heap.pop();
      truth.packets++;
      if (e.tcpClass) {
        const c = tcpSecond(truth, Math.floor(e.tsUs / SECOND));
        c[e.tcpClass]++;
        if (e.synRetransmission) c.synRetransmissions++;
      }
      emit({ tsUs: e.tsUs, subMicroNs: Math.floor(random() * 1000), packet: e.packet });
    }
  };

  const latencyUs = (): number => {
    const d = o.latencyDistribution;
    const ms = d.kind === "fixed" ? d.ms : d.kind === "uniform" ? d.minMs + random() * (d.maxMs - d.minMs)
      : d.medianMs * Math.exp(d.sigma * gaussian(random));
    return Math.max(1, Math.round(ms * 1000));
  };

  const dnsTransaction = (t: number) => {
    const n = transactions++;
    const v6 = random() < o.ipv6Rate;
    const tcp = random() < o.tcpRate;
    const c = n % o.clients;
    const client = v6 ? `2001:db8:c::${(c + 1).toString(16)}` : `10.1.${c >> 8}.${(c & 0xff) + 1}`;
    const s = n % o.servers.length;
    const server = v6 ? `2001:db8:53::${s + 1}` : o.servers[s]!;
    const clientPort = 10000 + (n % 50000);
    const dnsId = (n * 40503 + o.seed) & 0xffff;
    const qname = `host-${n % 1000}.svc${n % 7}.example`;
    const qtype = QTYPES[n % QTYPES.length]!;
    const u = random();
    const unanswered = u < o.unansweredRate;
    const rcode = unanswered ? null : u < o.unansweredRate + o.servfailRate ? 2 : u < o.unansweredRate + o.servfailRate + o.nxdomainRate ? 3 : 0;
    let latency = unanswered ? null : latencyUs();
    const retryUs = o.retransmitAfterMs * 1000;
    // A retry exactly at the answer time would make the truth depend on packet order.
    if (latency !== null && !tcp && latency % retryUs === 0) latency += 1;
    const ext = v6 ? o.ipv6ExtensionHeaders : undefined;
    const query = encodeDns({ id: dnsId, qname, qtype });
    const up = (payload: Uint8Array, flags?: number): SyntheticPacket => ({
      src: client, dst: server, srcPort: clientPort, dstPort: 53, payload, ipv6ExtensionHeaders: ext,
      tcp: flags === undefined ? undefined : { flags, seq: 1000 + n, ack: 1 },
    });
    let retries = 0;
    if (tcp) schedule(t, up(withLengthPrefix(query), 0x18), "other");
    else {
      schedule(t, up(query));
      for (let k = 1; k <= o.maxRetries && (latency === null || k * retryUs < latency); k++, retries++) {
        schedule(t + k * retryUs, up(query));
      }
    }
    if (latency !== null && rcode !== null) {
      const answer = encodeDns({ id: dnsId, qname, qtype, response: true, rcode, answers: rcode === 0 && qtype === 1 ? ["192.0.2.10"] : [], edns: qtype === 28 ? {} : undefined });
      schedule(t + latency, {
        src: server, dst: client, srcPort: 53, dstPort: clientPort, ipv6ExtensionHeaders: ext,
        payload: tcp ? withLengthPrefix(answer) : answer, tcp: tcp ? { flags: 0x18, seq: 5000 + n, ack: 1001 + n } : undefined,
      }, tcp ? "other" : undefined);
    }
    const sec = dnsSecond(truth, Math.floor(t / SECOND));
    sec.queries++;
    sec.retries += retries;
    if (latency === null) sec.unanswered++;
    else {
      sec.answered++;
      if (rcode === 2) sec.servfail++;
      if (rcode === 3) sec.nxdomain++;
      sec.maxLatencyUs = Math.max(sec.maxLatencyUs ?? 0, latency);
      if (o.keepTransactions) sec.latencies.push(latency);
    }
    if (o.keepTransactions) {
      truth.transactions.push({
        queryUs: t, answerUs: latency === null ? null : t + latency, latencyUs: latency, rcode, retries,
        client, clientPort, server, dnsId, qname, transport: tcp ? "tcp" : "udp",
      });
    }
  };

  const synAttempt = (t: number, storm: SynStormOptions) => {
    const n = connections++;
    const syn: SyntheticPacket = {
      src: `10.2.${(n >> 8) & 0xff}.${(n & 0xff) + 1}`, dst: storm.target, srcPort: 20000 + (n % 40000), dstPort: storm.port,
      tcp: { flags: 0x02, seq: Math.floor(random() * 2 ** 32) },
    };
    schedule(t, syn, "syn");
    for (let k = 1; k <= storm.retransmits; k++) schedule(t + (2 ** k - 1) * SECOND, syn, "syn", true);
  };

  const connection = (t: number) => {
    const n = connections++;
    const client = `10.3.${(n >> 8) & 0xff}.${(n & 0xff) + 1}`;
    const port = 20000 + (n % 40000);
    const isn = Math.floor(random() * 2 ** 31);
    const rtt = 200 + Math.floor(random() * 1800);
    const out = (flags: number, s: number): SyntheticPacket => ({ src: client, dst: "10.0.0.80", srcPort: port, dstPort: 443, tcp: { flags, seq: s, ack: 7000 } });
    const back = (flags: number, s: number): SyntheticPacket => ({ src: "10.0.0.80", dst: client, srcPort: 443, dstPort: port, tcp: { flags, seq: s, ack: isn + 1 } });
    schedule(t, out(0x02, isn), "syn");
    schedule(t + rtt, back(0x12, 6999), "synack");
    schedule(t + 2 * rtt, out(0x10, isn + 1), "other");
    if (random() < 0.2) schedule(t + 3 * rtt, back(0x04, 7000), "rst");
    else {
      schedule(t + 3 * rtt, out(0x11, isn + 1), "fin");
      schedule(t + 4 * rtt, back(0x11, 7000), "fin");
      schedule(t + 5 * rtt, out(0x10, isn + 2), "other");
    }
  };

  for (let s = 0; s < o.seconds; s++) {
    const base = o.startUs + s * SECOND;
    const starts: Array<[number, () => void]> = [];
    const spread = (count: number, fn: (t: number) => void) => {
      for (let j = 0; j < count; j++) {
        const t = base + Math.floor(((j + random()) * SECOND) / count);
        starts.push([t, () => fn(t)]);
      }
    };
    spread(o.qps, dnsTransaction);
    const storm = o.synStorm;
    if (storm && s >= storm.startSecond && s < storm.startSecond + storm.seconds) spread(storm.synsPerSecond, (t) => synAttempt(t, storm));
    spread(o.tcpConnectionsPerSecond, connection);
    starts.sort((a, b) => a[0] - b[0]);
    for (const [t, start] of starts) {
      drain(t);
      start();
    }
  }
  drain(Infinity);
  return truth;
}

function dnsSecond(truth: DnsCaptureTruth, second: number): TruthDnsSecond {
  let s = truth.dnsSeconds.get(second);
  if (!s) truth.dnsSeconds.set(second, (s = { queries: 0, answered: 0, unanswered: 0, servfail: 0, nxdomain: 0, retries: 0, maxLatencyUs: null, latencies: [] }));
  return s;
}

function tcpSecond(truth: DnsCaptureTruth, second: number): TruthTcpSecond {
  let s = truth.tcpSeconds.get(second);
  if (!s) truth.tcpSeconds.set(second, (s = { syn: 0, synack: 0, rst: 0, fin: 0, other: 0, none: 0, synRetransmissions: 0 }));
  return s;
}
