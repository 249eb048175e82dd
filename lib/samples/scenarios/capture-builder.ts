// Packet captures built from explicit DNS transactions and TCP connection attempts, so a test or
// a scenario knows exactly what is in its evidence. Written as real pcap files with the project's
// own frame encoders.
import { writeFileSync } from "node:fs";
import { rng } from "../capture-event-queue";
import { encodeDns, type SyntheticPacket } from "../capture-frames";
import { createCaptureFileWriter, type TimedPacket } from "../pcap-writer";

export { rng };

export const S = 1_000_000;

export interface Tx {
  /** Epoch µs of the first query. */
  t: number;
  client: string;
  server: string;
  qname: string;
  qtype: number;
  /** null: never answered. */
  latencyMs: number | null;
  /** Repeats of the same query (same id and port) every `retryMs`, before any answer. */
  retries?: number;
  retryMs?: number;
  rcode?: number;
}

export class CaptureBuilder {
  readonly packets: TimedPacket[] = [];
  private n = 0;

  dns(tx: Tx): this {
    const k = this.n++;
    const port = 10_000 + (k % 50_000);
    const id = (k * 40503 + 7) & 0xffff;
    const query = encodeDns({ id, qname: tx.qname, qtype: tx.qtype });
    const up: SyntheticPacket = { src: tx.client, dst: tx.server, srcPort: port, dstPort: 53, payload: query };
    this.add(tx.t, up);
    for (let r = 1; r <= (tx.retries ?? 0); r++) this.add(tx.t + r * (tx.retryMs ?? 1000) * 1000, up);
    if (tx.latencyMs !== null) {
      const answer = encodeDns({ id, qname: tx.qname, qtype: tx.qtype, response: true, rcode: tx.rcode ?? 0 });
      this.add(tx.t + Math.round(tx.latencyMs * 1000), { src: tx.server, dst: tx.client, srcPort: 53, dstPort: port, payload: answer });
    }
    return this;
  }

  /** A TCP connect: the SYN, its retransmissions after 1 s, 3 s, 7 s… (Linux), and the SYN-ACK when answered. */
  connect(t: number, src: string, dst: string, dstPort: number, { retransmits = 0, answered = true } = {}): this {
    const k = this.n++;
    const srcPort = 30_000 + (k % 30_000);
    const seq = Math.imul(k + 1, 2654435761) >>> 0;
    const syn: SyntheticPacket = { src, dst, srcPort, dstPort, tcp: { flags: 0x02, seq } };
    this.add(t, syn);
    for (let r = 1; r <= retransmits; r++) this.add(t + (2 ** r - 1) * S, syn);
    if (answered) this.add(t + (2 ** retransmits - 1) * S + 500, { src: dst, dst: src, srcPort: dstPort, dstPort: srcPort, tcp: { flags: 0x12, seq: 7, ack: seq + 1 } });
    return this;
  }

  private add(tsUs: number, packet: SyntheticPacket): void {
    this.packets.push({ tsUs: Math.round(tsUs), packet });
  }

  write(file: string): string {
    const chunks: Uint8Array[] = [];
    const w = createCaptureFileWriter({ type: "pcap", link: "ethernet" }, (c) => chunks.push(c));
    for (const p of [...this.packets].sort((a, b) => a.tsUs - b.tsUs)) w.write(p);
    w.end();
    writeFileSync(file, Buffer.concat(chunks));
    return file;
  }
}

export interface SteadyDns {
  startS: number;
  seconds: number;
  qps: number;
  server: string | ((i: number) => string);
  clients?: number;
  /** One fixed client instead of a pool (e.g. a resolver forwarding upstream). */
  client?: string;
  /** Query type of the i-th query. */
  qtype?: (i: number) => number;
  latencyMs?: (r: () => number) => number | null;
  seed?: number;
}

/** Steady client traffic: `qps` queries per second spread evenly, names from a small pool. */
export function steadyDns(b: CaptureBuilder, o: SteadyDns): void {
  const r = rng(o.seed ?? 1);
  const clients = o.clients ?? 20;
  const latency = o.latencyMs ?? ((x) => 2 + x() * 20);
  const mix = [1, 1, 1, 28, 28, 12];
  for (let s = 0; s < o.seconds; s++) {
    for (let j = 0; j < o.qps; j++) {
      const i = s * o.qps + j;
      b.dns({
        t: (o.startS + s) * S + Math.floor(((j + r()) * S) / o.qps),
        client: o.client ?? `10.1.${(i % clients) >> 8}.${(i % clients) % 250 + 1}`,
        server: typeof o.server === "string" ? o.server : o.server(i),
        qname: `host-${i % 300}.svc.example`,
        qtype: o.qtype ? o.qtype(i) : mix[i % mix.length]!,
        latencyMs: latency(r),
      });
    }
  }
}
