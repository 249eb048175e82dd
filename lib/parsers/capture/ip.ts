// IPv4 (with options) and IPv6 (with extension headers) decoding. Fragments are flagged and
// described (id, offset, where their data lies) for ip-fragments.ts, which reassembles them.

/** Result of `decodeIp`, reused between calls (no allocation on the hot path). */
export interface IpResult {
  version: 4 | 6;
  src: string;
  dst: string;
  protocol: number;
  /** Offset of the transport header, or -1 when there is none (non-first fragment, ESP…). */
  l4Offset: number;
  /** End of the IP payload per the IP length fields, clamped to the captured bytes. */
  end: number;
  /** Length of the transport segment per the IP header (may exceed what was captured). */
  l4Length: number;
  fragment: boolean;
  /** Fragments only: the identification (IPv4 16 bits, IPv6 32 bits), offset in bytes, MF flag. */
  fragId: number;
  fragOffset: number;
  moreFragments: boolean;
  /** Fragments only: the fragment's data is b[fragStart, fragEnd) per the IP lengths (fragEnd may pass `end`). */
  fragStart: number;
  fragEnd: number;
  /** Fragments only: the protocol field of the IPv4 header or of the IPv6 fragment header. */
  fragProtocol: number;
  /** The IP length says more bytes than were captured. */
  truncated: boolean;
  error: string | null;
}

export function newIpResult(): IpResult {
  return {
    version: 4, src: "", dst: "", protocol: 0, l4Offset: -1, end: 0, l4Length: 0, fragment: false,
    fragId: 0, fragOffset: 0, moreFragments: false, fragStart: 0, fragEnd: 0, fragProtocol: 0, truncated: false, error: null,
  };
}

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const ESP = 50;
const AH = 51;
const NO_NEXT_HEADER = 59;
const DESTINATION_OPTIONS = 60;
const MOBILITY = 135;
const HIP = 139;
const SHIM6 = 140;
const EXPERIMENT_1 = 253;
const EXPERIMENT_2 = 254;
const MAX_EXTENSION_HEADERS = 16;

/** Decodes the IPv4/IPv6 header at b[off] (captured bytes end at `end`). False → out.error. */
export function decodeIp(b: Uint8Array, off: number, end: number, out: IpResult): boolean {
  out.error = null;
  out.fragment = false;
  out.truncated = false;
  out.l4Offset = -1;
  if (off >= end) return fail(out, "IP header missing");
  const version = b[off]! >> 4;
  if (version === 4) return ipv4(b, off, end, out);
  if (version === 6) return ipv6(b, off, end, out);
  return fail(out, `IP version ${version}`);
}

function ipv4(b: Uint8Array, off: number, end: number, out: IpResult): boolean {
  if (end - off < 20) return fail(out, "IPv4 header cut short");
  const headerLength = (b[off]! & 0xf) * 4;
  if (headerLength < 20) return fail(out, `IPv4 header length ${headerLength} < 20`);
  let totalLength = (b[off + 2]! << 8) | b[off + 3]!;
  // 0 = TCP segmentation offload seen on the sending host: the captured length is all we have.
  if (totalLength === 0) totalLength = end - off;
  if (totalLength < headerLength) return fail(out, `IPv4 total length ${totalLength} < header length`);
  out.version = 4;
  out.protocol = b[off + 9]!;
  out.src = formatIpv4(b, off + 12);
  out.dst = formatIpv4(b, off + 16);
  const fragmentField = (b[off + 6]! << 8) | b[off + 7]!;
  out.fragment = (fragmentField & 0x3fff) !== 0;
  if (out.fragment) {
    out.fragId = (b[off + 4]! << 8) | b[off + 5]!;
    out.fragOffset = (fragmentField & 0x1fff) * 8;
    out.moreFragments = (fragmentField & 0x2000) !== 0;
    out.fragStart = off + headerLength;
    out.fragEnd = off + totalLength;
    out.fragProtocol = out.protocol;
  }
  out.truncated = off + totalLength > end;
  out.end = out.truncated ? end : off + totalLength;
  out.l4Length = totalLength - headerLength;
  if ((fragmentField & 0x1fff) === 0) {
    if (off + headerLength > end) {
      out.truncated = true;
      return true;
    }
    out.l4Offset = off + headerLength;
  }
  return true;
}

function ipv6(b: Uint8Array, off: number, end: number, out: IpResult): boolean {
  if (end - off < 40) return fail(out, "IPv6 header cut short");
  out.version = 6;
  out.src = formatIpv6(b, off + 8);
  out.dst = formatIpv6(b, off + 24);
  const payloadLength = (b[off + 4]! << 8) | b[off + 5]!;
  // 0 = jumbogram or segmentation offload: fall back to the captured length.
  const ipEnd = payloadLength === 0 ? end : off + 40 + payloadLength;
  out.truncated = ipEnd > end;
  out.end = out.truncated ? end : ipEnd;
  let next = b[off + 6]!;
  let p = off + 40;
  for (let i = 0; i < MAX_EXTENSION_HEADERS; i++) {
    if (!isExtensionHeader(next)) {
      out.protocol = next;
      if (next !== ESP && next !== NO_NEXT_HEADER) out.l4Offset = p;
      out.l4Length = ipEnd - p;
      return true;
    }
    if (p + 8 > end) {
      out.protocol = next;
      out.truncated = true;
      return true;
    }
    const header = next;
    next = b[p]!;
    if (header === FRAGMENT) {
      const field = (b[p + 2]! << 8) | b[p + 3]!;
      out.fragment = true;
      out.fragId = ((b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!) >>> 0;
      out.fragOffset = field & 0xfff8;
      out.moreFragments = (field & 1) !== 0;
      out.fragProtocol = next;
      p += 8;
      out.fragStart = p;
      out.fragEnd = ipEnd;
      if ((field & 0xfff8) !== 0) {
        // Not the first fragment: no transport header here.
        out.protocol = next;
        out.l4Length = ipEnd - p;
        return true;
      }
    } else {
      p += header === AH ? (b[p + 1]! + 2) * 4 : (b[p + 1]! + 1) * 8;
    }
  }
  return fail(out, "more than 16 IPv6 extension headers");
}

function isExtensionHeader(next: number): boolean {
  return (
    next === HOP_BY_HOP || next === ROUTING || next === FRAGMENT || next === AH || next === DESTINATION_OPTIONS ||
    next === MOBILITY || next === HIP || next === SHIM6 || next === EXPERIMENT_1 || next === EXPERIMENT_2
  );
}

function fail(out: IpResult, error: string): boolean {
  out.error = error;
  return false;
}

export function formatIpv4(b: Uint8Array, p: number): string {
  return `${b[p]}.${b[p + 1]}.${b[p + 2]}.${b[p + 3]}`;
}

/** RFC 5952 text form, as inet_ntop prints it (and therefore tcpdump and tshark). */
export function formatIpv6(b: Uint8Array, p: number): string {
  const words: number[] = new Array(8);
  let bestStart = -1;
  let bestLength = 0;
  let runStart = -1;
  for (let i = 0; i < 8; i++) {
    const w = (b[p + 2 * i]! << 8) | b[p + 2 * i + 1]!;
    words[i] = w;
    if (w === 0) {
      if (runStart < 0) runStart = i;
      if (i - runStart + 1 > bestLength) {
        bestStart = runStart;
        bestLength = i - runStart + 1;
      }
    } else runStart = -1;
  }
  if (bestLength < 2) bestStart = -1;
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses, like glibc.
  if (bestStart === 0 && (bestLength === 6 || (bestLength === 5 && words[5] === 0xffff))) {
    return (bestLength === 5 ? "::ffff:" : "::") + formatIpv4(b, p + 12);
  }
  let s = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      s += "::";
      i += bestLength - 1;
      continue;
    }
    if (s !== "" && !s.endsWith(":")) s += ":";
    s += words[i]!.toString(16);
  }
  return s;
}
