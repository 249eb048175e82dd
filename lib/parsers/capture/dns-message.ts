// DNS wire-format decoder (RFC 1035): header, first question and the EDNS extended rcode.
// Malformed input never throws: the header fields are kept and `error` says what went wrong.
// Every loop is bounded by construction (see readName), so adversarial packets cannot hang it.

export interface DnsMessage {
  id: number;
  /** QR bit: true for responses. */
  response: boolean;
  opcode: number;
  /** Header RCODE, extended with the OPT record's high bits when present (e.g. 16 BADVERS). */
  rcode: number;
  /** The raw 16-bit flags word (AA 0x0400, TC 0x0200, RD 0x0100, RA 0x0080…). */
  flags: number;
  questionCount: number;
  answerCount: number;
  authorityCount: number;
  additionalCount: number;
  /** First question's name without the trailing dot ("." for the root); null if undecodable. */
  qname: string | null;
  qtype: number | null;
  qclass: number | null;
  /** Message length in bytes (as the transport said; may exceed what was captured). */
  length: number;
  /** Why the message could not be fully decoded; null when it was. */
  error: string | null;
  /**
   * Found by its content on ports that are not DNS ports (lib/parsers/capture/dns-sniff.ts):
   * counted only once a query and its answer pair up on the same 5-tuple.
   */
  byContent: boolean;
}

export const DNS_HEADER_LENGTH = 12;

const MAX_NAME_LENGTH = 255;
const MAX_POINTER_JUMPS = 128;
const OPT = 41;

// readName/skipName results and the name being built; module-level so the hot path allocates
// nothing but the name string. 255 name bytes, each escaped to at most 4 characters.
let nameNext = 0;
let nameError: string | null = null;
const text = Buffer.alloc(4 * MAX_NAME_LENGTH);

/**
 * Decodes the DNS message in b[start, end). `length` is the message length the transport
 * announced (UDP payload or TCP prefix); when it exceeds `end - start` the capture was cut and a
 * missing tail is reported as truncation rather than as a malformed message.
 */
export function decodeDnsMessage(b: Uint8Array, start: number, end: number, length: number): DnsMessage | null {
  if (end - start < DNS_HEADER_LENGTH) return null;
  const flags = (b[start + 2]! << 8) | b[start + 3]!;
  const msg: DnsMessage = {
    id: (b[start]! << 8) | b[start + 1]!,
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    rcode: flags & 0xf,
    flags,
    questionCount: (b[start + 4]! << 8) | b[start + 5]!,
    answerCount: (b[start + 6]! << 8) | b[start + 7]!,
    authorityCount: (b[start + 8]! << 8) | b[start + 9]!,
    additionalCount: (b[start + 10]! << 8) | b[start + 11]!,
    qname: null,
    qtype: null,
    qclass: null,
    length,
    error: null,
    byContent: false,
  };
  const cut = length > end - start;
  let p = start + DNS_HEADER_LENGTH;
  if (msg.questionCount > 0) {
    const name = readName(b, start, end, p);
    if (name === null) return fail(msg, nameError!, cut);
    msg.qname = name;
    p = nameNext;
    if (p + 4 > end) return fail(msg, "question cut short", cut);
    msg.qtype = (b[p]! << 8) | b[p + 1]!;
    msg.qclass = (b[p + 2]! << 8) | b[p + 3]!;
    p += 4;
  }
  // Only the additional section can hold the OPT record, so skip straight there when it exists.
  if (msg.response && msg.additionalCount > 0) {
    for (let q = 1; q < msg.questionCount; q++) {
      p = skipName(b, end, p);
      if (p < 0 || (p += 4) > end) return fail(msg, nameError ?? "question cut short", cut);
    }
    const records = msg.answerCount + msg.authorityCount + msg.additionalCount;
    const firstAdditional = msg.answerCount + msg.authorityCount;
    for (let r = 0; r < records; r++) {
      p = skipName(b, end, p);
      if (p < 0 || p + 10 > end) return fail(msg, nameError ?? "record cut short", cut);
      const type = (b[p]! << 8) | b[p + 1]!;
      if (type === OPT && r >= firstAdditional) msg.rcode |= b[p + 4]! << 4;
      p += 10 + ((b[p + 8]! << 8) | b[p + 9]!);
      if (p > end) return fail(msg, "record data cut short", cut);
    }
  }
  return msg;
}

function fail(msg: DnsMessage, error: string, cut: boolean): DnsMessage {
  msg.error = cut ? `truncated capture (${error})` : error;
  return msg;
}

/**
 * Reads a possibly compressed name at b[p]; offsets in pointers count from `start` (the DNS
 * header). Returns the name and sets `nameNext` to the byte after it, or returns null and sets
 * `nameError`. Bounded: each label moves forward and adds ≥ 2 to the output length (capped at
 * 255); each pointer must jump strictly backwards and below the previous target (as tcpdump and
 * BIND require), and jumps are capped at 128.
 */
export function readName(b: Uint8Array, start: number, end: number, p: number): string | null {
  let next = -1;
  let lastTarget = p;
  let jumps = 0;
  let length = 1;
  let n = 0;
  for (;;) {
    if (p >= end) return nameFail("name cut short");
    const len = b[p]!;
    if (len === 0) {
      nameNext = next < 0 ? p + 1 : next;
      return n === 0 ? "." : text.toString("latin1", 0, n);
    }
    if ((len & 0xc0) === 0xc0) {
      if (p + 1 >= end) return nameFail("name cut short");
      const target = start + (((len & 0x3f) << 8) | b[p + 1]!);
      if (target >= lastTarget) return nameFail("compression pointer does not point backwards (loop)");
      if (++jumps > MAX_POINTER_JUMPS) return nameFail("too many compression pointers");
      if (next < 0) next = p + 2;
      lastTarget = target;
      p = target;
      continue;
    }
    if (len & 0xc0) return nameFail(`reserved label type 0x${(len & 0xc0).toString(16)}`);
    if (p + 1 + len > end) return nameFail("label cut short");
    length += len + 1;
    if (length > MAX_NAME_LENGTH) return nameFail("name longer than 255 bytes");
    if (n > 0) text[n++] = 0x2e;
    n = writeLabel(b, p + 1, p + 1 + len, n);
    p += 1 + len;
  }
}

function nameFail(error: string): null {
  nameError = error;
  return null;
}

/**
 * Appends one label's presentation form to `text` at n: printable ASCII as is, anything else
 * (and . \) as \DDD. The whole name is then decoded with one native call — per-label strings
 * cost most of the decode time.
 */
function writeLabel(b: Uint8Array, from: number, to: number, n: number): number {
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c <= 0x20 || c >= 0x7f || c === 0x2e || c === 0x5c) {
      text[n++] = 0x5c;
      text[n++] = 0x30 + Math.floor(c / 100);
      text[n++] = 0x30 + (Math.floor(c / 10) % 10);
      text[n++] = 0x30 + (c % 10);
    } else text[n++] = c;
  }
  return n;
}

/** Skips a name without following pointers; returns the next offset or -1 (sets nameError). */
function skipName(b: Uint8Array, end: number, p: number): number {
  nameError = null;
  for (let labels = 0; labels < 128; labels++) {
    if (p >= end) return -1;
    const len = b[p]!;
    if (len === 0) return p + 1;
    if ((len & 0xc0) === 0xc0) return p + 2 <= end ? p + 2 : -1;
    if (len & 0xc0) {
      nameError = "reserved label type";
      return -1;
    }
    p += 1 + len;
  }
  nameError = "name longer than 255 bytes";
  return -1;
}
