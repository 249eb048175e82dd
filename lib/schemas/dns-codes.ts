// Names of DNS query types and response codes, as people read them in findings and tables, and
// what counts as a slow answer.

/** An answer this slow has outlived a client's first timeout (1 s in most stub resolvers). */
export const SLOW_ANSWER_MS = 1000;
export const QTYPE_NAMES: Record<number, string> = { 1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA", 33: "SRV", 65: "HTTPS" };
export const qtypeName = (t: number | null) => (t === null ? "unknown" : (QTYPE_NAMES[t] ?? `TYPE${t}`));

export const RCODE_NAMES: Record<number, string> = { 0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED" };
export const rcodeName = (r: number | null) => (r === null ? "no answer" : (RCODE_NAMES[r] ?? `RCODE${r}`));

export const PROTOCOL_NAMES: Record<number, string> = { 1: "ICMP", 6: "TCP", 17: "UDP", 47: "GRE", 50: "ESP", 58: "ICMPv6", 132: "SCTP" };
