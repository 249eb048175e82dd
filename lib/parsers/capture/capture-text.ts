// Helpers shared by the text capture formats (tcpdump lines, tshark fields).
import type { DnsMessage } from "./dns-message";
import type { CapturePacket } from "./packet";

/** "1718000000.123456789" (any number of fraction digits) → epoch µs, exactly; NaN if malformed. */
export function epochMicros(text: string): number {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * 1e6 + Number(((m[2] ?? "") + "000000").slice(0, 6));
}

/** A packet with only its number and time known; the text parsers fill in the rest. */
export function textPacket(frame: number, ts: number): CapturePacket {
  return {
    frame,
    ts,
    tsEstimated: false,
    interfaceId: 0,
    linkType: null,
    wireLength: null,
    ipVersion: null,
    src: null,
    dst: null,
    protocol: null,
    srcPort: null,
    dstPort: null,
    tcp: null,
    dns: null,
    fragment: false,
    truncated: false,
    malformed: null,
    setAside: null,
    encapsulation: 0,
  };
}

/** A DNS message known only from a summary: counts that were not printed are 0. */
export function textDnsMessage(fields: Partial<DnsMessage> & Pick<DnsMessage, "id" | "response">): DnsMessage {
  const flags = (fields.response ? 0x8000 : 0) | ((fields.rcode ?? 0) & 0xf);
  return {
    opcode: 0,
    rcode: 0,
    flags,
    questionCount: 1,
    answerCount: 0,
    authorityCount: 0,
    additionalCount: 0,
    qname: null,
    qtype: null,
    qclass: null,
    length: 0,
    error: null,
    byContent: false,
    ...fields,
  };
}

const QTYPES: Readonly<Record<string, number>> = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35,
  DS: 43, RRSIG: 46, NSEC: 47, DNSKEY: 48, NSEC3: 50, TLSA: 52, SVCB: 64, HTTPS: 65, ANY: 255, CAA: 257,
};

/** "AAAA" → 28; "Type65" / "TYPE65" → 65; unknown → null. */
export function qtypeNumber(name: string): number | null {
  const known = QTYPES[name.toUpperCase()];
  if (known !== undefined) return known;
  const m = /^type(\d+)$/i.exec(name);
  return m ? Number(m[1]) : null;
}

/** IPv4/IPv6 address text → 4 or 6; null if it is neither. */
export function ipVersionOf(address: string): 4 | 6 | null {
  if (address.includes(":")) return 6;
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(address) ? 4 : null;
}
