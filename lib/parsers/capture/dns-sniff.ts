// Recognises DNS by content on ports that are not DNS ports (a resolver on 8053, say), and a
// message boundary in a TCP stream after a gap. Strict on purpose: a random UDP/TCP payload must
// not pass. It must be a standard QUERY with exactly one question whose name is made of hostname
// characters, a known type and class, sane counts, and — when the whole message was captured —
// records that end exactly where the message does. The analyzer then also requires a query and
// an answer on the same 5-tuple before it counts any of it (lib/captures/dns-transactions.ts).
// Every read is bounds-checked against `end`; loops are bounded by the message length.

const MIN_MESSAGE = 12 + 1 + 4;
const OPT = 41;

/**
 * True when b[start, end) starts a message of `length` bytes (as the UDP payload or the TCP
 * length prefix says) that passes the checks above. `end - start` may be less than `length`
 * (snaplen, or a TCP message continuing in later segments): then the header and question must
 * be there and the records are not checked.
 */
export function looksLikeDns(b: Uint8Array, start: number, end: number, length: number): boolean {
  if (length < MIN_MESSAGE || end - start < MIN_MESSAGE) return false;
  const flags = (b[start + 2]! << 8) | b[start + 3]!;
  if ((flags & 0x7800) !== 0 || (flags & 0x0040) !== 0) return false; // opcode QUERY, Z bit clear
  const qd = (b[start + 4]! << 8) | b[start + 5]!;
  const an = (b[start + 6]! << 8) | b[start + 7]!;
  const ns = (b[start + 8]! << 8) | b[start + 9]!;
  const ar = (b[start + 10]! << 8) | b[start + 11]!;
  if (qd !== 1) return false;
  const response = (flags & 0x8000) !== 0;
  const rcode = flags & 0xf;
  if (response) {
    if (rcode > 5 && rcode !== 9) return false;
    if (an + ns + ar > 4096) return false;
  } else if (rcode !== 0 || (flags & 0x0600) !== 0 || an !== 0 || ns !== 0 || ar > 1) return false; // AA, TC clear in a query
  const messageEnd = start + Math.min(length, end - start);
  let p = questionName(b, start + 12, messageEnd);
  if (p < 0 || p + 4 > messageEnd) return false;
  const qtype = (b[p]! << 8) | b[p + 1]!;
  const qclass = ((b[p + 2]! << 8) | b[p + 3]!) & 0x7fff; // mDNS: top bit = unicast response wanted
  if (!knownType(qtype) || (qclass !== 1 && qclass !== 3 && qclass !== 4 && qclass !== 254 && qclass !== 255)) return false;
  p += 4;
  if (end - start < length) return true; // not all captured: the header and question must do
  const records = an + ns + ar;
  for (let r = 0; r < records; r++) {
    const nameStart = p;
    p = recordName(b, start, p, messageEnd);
    if (p < 0 || p + 10 > messageEnd) return false;
    const type = (b[p]! << 8) | b[p + 1]!;
    if (r >= an + ns && type === OPT && p !== nameStart + 1) return false; // OPT owner is the root
    if (!response && type !== OPT) return false;
    p += 10 + ((b[p + 8]! << 8) | b[p + 9]!);
    if (p > messageEnd) return false;
  }
  return p === messageEnd;
}

/** The question name at b[p]: uncompressed, hostname characters only; returns the next offset or -1. */
function questionName(b: Uint8Array, p: number, end: number): number {
  let total = 1;
  for (;;) {
    if (p >= end) return -1;
    const len = b[p]!;
    if (len === 0) return p + 1;
    if (len > 63 || p + 1 + len > end) return -1;
    total += len + 1;
    if (total > 255) return -1;
    for (let i = p + 1; i <= p + len; i++) if (!hostnameByte(b[i]!)) return -1;
    p += 1 + len;
  }
}

/** A record's owner name (compression allowed, pointers only backwards inside the message). */
function recordName(b: Uint8Array, start: number, p: number, end: number): number {
  for (let labels = 0; labels < 128; labels++) {
    if (p >= end) return -1;
    const len = b[p]!;
    if (len === 0) return p + 1;
    if ((len & 0xc0) === 0xc0) {
      if (p + 2 > end) return -1;
      const target = start + (((len & 0x3f) << 8) | b[p + 1]!);
      return target >= start + 12 && target < p ? p + 2 : -1;
    }
    if (len > 63) return -1;
    p += 1 + len;
  }
  return -1;
}

/** Letters, digits, '-', '_' and '*' (wildcards, SRV/DKIM labels). */
function hostnameByte(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === 0x2a;
}

/** Assigned RR types and QTYPEs (1–66, 99–109, 249–261, 32768–32769). */
function knownType(t: number): boolean {
  return (t >= 1 && t <= 66) || (t >= 99 && t <= 109) || (t >= 249 && t <= 261) || t === 32768 || t === 32769;
}

/** True when a TCP stream's bytes at b[p, end) start with a length prefix and a message that looks like DNS. */
export function looksLikeTcpDns(b: Uint8Array, p: number, end: number): boolean {
  if (end - p < 2) return false;
  const length = (b[p]! << 8) | b[p + 1]!;
  return looksLikeDns(b, p + 2, end, length);
}
