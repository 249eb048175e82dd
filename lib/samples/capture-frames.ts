// Encoders for synthetic capture frames: link layers, IPv4 (options, fragments), IPv6 (extension
// headers), UDP, TCP and DNS messages. Written from the RFCs, independently of the parsers, so
// tests built on them check the decoders against the wire format. Checksums are left at 0.

export type LinkKind = "ethernet" | "vlan" | "qinq" | "sll" | "sll2" | "null" | "loop" | "raw";

export const LINK_TYPE_OF: Readonly<Record<LinkKind, number>> = {
  ethernet: 1, vlan: 1, qinq: 1, sll: 113, sll2: 276, null: 0, loop: 108, raw: 101,
};

export interface SyntheticPacket {
  /** IPv4 dotted quad or IPv6 text. */
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  /** Present → TCP, else UDP. */
  tcp?: { flags: number; seq: number; ack?: number; window?: number; options?: Uint8Array };
  payload?: Uint8Array;
  /** IPv4 options (padded to 4 bytes here). */
  ipv4Options?: Uint8Array;
  /** IPv6 extension headers to insert, e.g. [0, 60] (hop-by-hop, destination options), 44 (fragment). */
  ipv6ExtensionHeaders?: number[];
  /** IPv4 fragment fields: offset in bytes (multiple of 8), more-fragments flag. */
  fragment?: { offset: number; more: boolean };
}

export function parseIp(text: string): Uint8Array {
  if (!text.includes(":")) return Uint8Array.from(text.split(".").map(Number));
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const words = (s: string | undefined) => (s ? s.split(":").map((w) => parseInt(w, 16)) : []);
  const left = words(head);
  const right = words(tail);
  const all = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

const concat = (parts: Uint8Array[]) => Buffer.concat(parts);
const u16 = (v: number) => Uint8Array.of((v >> 8) & 0xff, v & 0xff);
const u32 = (v: number) => Uint8Array.of((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);

function transport(p: SyntheticPacket): Uint8Array {
  const payload = p.payload ?? new Uint8Array(0);
  if (!p.tcp) return concat([u16(p.srcPort), u16(p.dstPort), u16(8 + payload.length), u16(0), payload]);
  const options = p.tcp.options ?? new Uint8Array(0);
  const padded = concat([options, new Uint8Array((4 - (options.length % 4)) % 4)]);
  const headerLength = 20 + padded.length;
  return concat([
    u16(p.srcPort), u16(p.dstPort), u32(p.tcp.seq), u32(p.tcp.ack ?? 0),
    Uint8Array.of((headerLength / 4) << 4, p.tcp.flags & 0xff), u16(p.tcp.window ?? 65535), u16(0), u16(0),
    padded, payload,
  ]);
}

/** The IP packet (no link layer). */
export function encodeIpPacket(p: SyntheticPacket): Uint8Array {
  const l4 = transport(p);
  const protocol = p.tcp ? 6 : 17;
  const src = parseIp(p.src);
  const dst = parseIp(p.dst);
  if (src.length === 4) {
    const options = p.ipv4Options ?? new Uint8Array(0);
    const padded = concat([options, new Uint8Array((4 - (options.length % 4)) % 4)]);
    const headerLength = 20 + padded.length;
    const fragment = p.fragment ? (p.fragment.more ? 0x2000 : 0) | (p.fragment.offset / 8) : 0x4000;
    return concat([
      Uint8Array.of(0x40 | (headerLength / 4), 0), u16(headerLength + l4.length), u16(0x1234), u16(fragment),
      Uint8Array.of(64, protocol), u16(0), src, dst, padded, l4,
    ]);
  }
  let next = protocol;
  const extensions: Uint8Array[] = [];
  for (const header of [...(p.ipv6ExtensionHeaders ?? [])].reverse()) {
    // Fragment header: offset 0, M=1 (a first fragment); the others: 8 bytes of PadN options.
    extensions.unshift(header === 44 ? concat([Uint8Array.of(next, 0), u16(1), u32(0xabcd)]) : Uint8Array.of(next, 0, 1, 4, 0, 0, 0, 0));
    next = header;
  }
  const rest = concat([...extensions, l4]);
  return concat([Uint8Array.of(0x60, 0, 0, 0), u16(rest.length), Uint8Array.of(next, 64), src, dst, rest]);
}

/** The whole frame for a link kind (Ethernet frames are padded to 60 bytes like real NICs do). */
export function encodeFrame(p: SyntheticPacket, link: LinkKind): Uint8Array {
  const ip = encodeIpPacket(p);
  const v6 = ip[0]! >> 4 === 6;
  const etherType = u16(v6 ? 0x86dd : 0x0800);
  const macs = Uint8Array.of(2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2);
  switch (link) {
    case "ethernet":
    case "vlan":
    case "qinq": {
      const tags = link === "ethernet" ? [] : link === "vlan" ? [u16(0x8100), u16(100)] : [u16(0x88a8), u16(10), u16(0x8100), u16(20)];
      const frame = concat([macs, ...tags, etherType, ip]);
      return frame.length < 60 ? concat([frame, new Uint8Array(60 - frame.length)]) : frame;
    }
    case "sll":
      return concat([u16(0), u16(1), u16(6), Uint8Array.of(2, 0, 0, 0, 0, 1, 0, 0), etherType, ip]);
    case "sll2":
      return concat([etherType, u16(0), u32(3), u16(1), Uint8Array.of(4, 6, 2, 0, 0, 0, 0, 1, 0, 0), ip]);
    case "null":
      return concat([Uint8Array.of(v6 ? 24 : 2, 0, 0, 0), ip]); // host (little-endian) byte order
    case "loop":
      return concat([u32(v6 ? 24 : 2), ip]);
    case "raw":
      return ip;
  }
}

function encodeName(name: string): Uint8Array {
  const labels = name === "." ? [] : name.replace(/\.$/, "").split(".");
  return concat([...labels.flatMap((l) => [Uint8Array.of(l.length), Buffer.from(l, "latin1")]), Uint8Array.of(0)]);
}

export interface DnsSpec {
  id: number;
  qname: string;
  qtype: number;
  response?: boolean;
  rcode?: number;
  /** IPv4 addresses answered as A records (name = pointer to the question). */
  answers?: string[];
  /** Adds an EDNS OPT record; `extendedRcode` goes into its TTL's high byte. */
  edns?: { extendedRcode?: number };
}

export function encodeDns(m: DnsSpec): Uint8Array {
  const answers = m.answers ?? [];
  const flags = (m.response ? 0x8180 : 0x0100) | ((m.rcode ?? 0) & 0xf);
  const opt = m.edns ? [Uint8Array.of(0), u16(41), u16(1232), Uint8Array.of(m.edns.extendedRcode ?? 0, 0, 0, 0), u16(0)] : [];
  return concat([
    u16(m.id), u16(flags), u16(1), u16(answers.length), u16(0), u16(m.edns ? 1 : 0),
    encodeName(m.qname), u16(m.qtype), u16(1),
    ...answers.flatMap((a) => [u16(0xc00c), u16(1), u16(1), u32(300), u16(4), parseIp(a)]),
    ...opt,
  ]);
}

/** DNS over TCP: each message preceded by its 2-byte length (RFC 1035 §4.2.2). */
export function withLengthPrefix(...messages: Uint8Array[]): Uint8Array {
  return concat(messages.flatMap((m) => [u16(m.length), m]));
}
