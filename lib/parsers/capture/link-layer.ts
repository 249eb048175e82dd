// Link-layer headers: where the IP header starts for each LINKTYPE we support (docs/formats.md §3.3).
import { ENCAP_VLAN, malformed, notIp, unsupportedLinkType } from "./set-aside";

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW_OPENBSD: 12,
  RAW_BSDOS: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100, 0x9200]);
const MAX_VLAN_TAGS = 8;

/** Result of `decodeLink`, reused between calls (no allocation on the hot path). */
export interface LinkResult {
  /** Offset of the network-layer header. */
  offset: number;
  /** ETHERTYPE_IPV4, ETHERTYPE_IPV6, another EtherType, or 0 when the frame carries no IP. */
  etherType: number;
  /** Set when the frame could not be decoded. */
  error: string | null;
  /**
   * The set-aside reason (set-aside.ts) when decoding failed, or when the frame carries no IP and
   * `etherType` does not say why (an LLC frame, an unknown address family); null otherwise.
   */
  reason: string | null;
  /** ENCAP_* bits of the layers crossed (VLAN tags…). */
  encap: number;
}

export function newLinkResult(): LinkResult {
  return { offset: 0, etherType: 0, error: null, reason: null, encap: 0 };
}

const LLC_FRAME = notIp("802.3 LLC frame");

/** Decodes the link-layer header of b[off, end) into `out`. Returns false (with out.error) on failure. */
export function decodeLink(linkType: number, b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  out.error = null;
  out.reason = null;
  out.etherType = 0;
  out.encap = 0;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return ethernet(b, off, end, out);
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_OPENBSD:
    case LINKTYPE.RAW_BSDOS:
      if (off >= end) return cut(out);
      out.offset = off;
      out.etherType = byVersion(b[off]! >> 4);
      if (out.etherType === 0) out.reason = malformed(`IP version ${b[off]! >> 4}`);
      return true;
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      out.offset = off;
      out.etherType = linkType === LINKTYPE.IPV4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6;
      return true;
    case LINKTYPE.LINUX_SLL:
      if (end - off < 16) return cut(out);
      out.offset = off + 16;
      out.etherType = (b[off + 14]! << 8) | b[off + 15]!;
      return true;
    case LINKTYPE.LINUX_SLL2:
      if (end - off < 20) return cut(out);
      out.offset = off + 20;
      out.etherType = (b[off]! << 8) | b[off + 1]!;
      return true;
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (end - off < 4) return cut(out);
      const be = ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
      // NULL is in the capturing host's byte order: a value > 0xFFFF means it was the other one.
      const family = linkType === LINKTYPE.NULL && be > 0xffff ? swap32(be) : be;
      out.offset = off + 4;
      out.etherType = family === 2 ? ETHERTYPE_IPV4 : family === 24 || family === 28 || family === 30 ? ETHERTYPE_IPV6 : 0;
      if (out.etherType === 0) out.reason = notIp(`address family ${family}`);
      return true;
    }
    default:
      out.error = `unsupported link type ${linkType}`;
      out.reason = unsupportedLinkType(linkType);
      return false;
  }
}

function ethernet(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 14) return cut(out);
  let p = off + 12;
  let type = (b[p]! << 8) | b[p + 1]!;
  for (let tags = 0; VLAN_TAGS.has(type); tags++) {
    if (tags === MAX_VLAN_TAGS) {
      out.error = "too many VLAN tags";
      out.reason = malformed(out.error);
      return false;
    }
    out.encap |= ENCAP_VLAN;
    p += 4;
    if (p + 2 > end) return cut(out);
    type = (b[p]! << 8) | b[p + 1]!;
  }
  out.offset = p + 2;
  // 0..1500 is an 802.3 length (LLC frame), not an EtherType.
  out.etherType = type <= 1500 ? 0 : type;
  if (type <= 1500) out.reason = LLC_FRAME;
  return true;
}

function byVersion(version: number): number {
  return version === 4 ? ETHERTYPE_IPV4 : version === 6 ? ETHERTYPE_IPV6 : 0;
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

const LINK_CUT = malformed("link-layer header cut short");

function cut(out: LinkResult): boolean {
  out.error = "link-layer header cut short";
  out.reason = LINK_CUT;
  return false;
}
