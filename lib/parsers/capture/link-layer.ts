// Link-layer headers: where the network layer starts for each LINKTYPE (docs/formats.md §3.3).
// Ethernet and what it nests is walked in ethernet.ts, the other link types are in link-types.ts;
// this module dispatches on the link type and keeps the loopback, raw and cooked-Linux headers.
import * as ethernetLayer from "./ethernet";
import { cutShort, ETHERTYPE_IPV4, ETHERTYPE_IPV6, fail, LINK_CUT, newLinkResult, notIpFrame, type LinkResult } from "./link-result";
import * as linkTypes from "./link-types";
import { malformed, notIp, unsupportedLinkType } from "./set-aside";

export { ETHERTYPE_IPV4, ETHERTYPE_IPV6, newLinkResult, type LinkResult };

// Local copies: see frame-decoder.ts (esbuild turns imported names into getter calls).
const { TYPE_ETHERNET, TYPE_LLC, walkEtherType } = ethernetLayer;
const { arcnetLinux, atmRfc1483, avs, brcmPrepended, ciscoHdlc, fddi, frameRelay, ieee80211, ipnet, ipoib, juniperEthernet, nflog, ppp, pppHdlc, prism, radiotap, taggedEthernet } = linkTypes;

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  FDDI: 10,
  RAW_OPENBSD: 12,
  RAW_BSDOS: 14,
  PPP_HDLC: 50,
  ATM_RFC1483: 100,
  RAW: 101,
  C_HDLC: 104,
  IEEE802_11: 105,
  FRELAY: 107,
  LOOP: 108,
  LINUX_SLL: 113,
  IEEE802_11_PRISM: 119,
  IEEE802_11_RADIOTAP: 127,
  ARCNET_LINUX: 129,
  USER2: 149,
  IEEE802_11_AVS: 163,
  JUNIPER_ETHER: 178,
  IPNET: 226,
  IPV4: 228,
  IPV6: 229,
  NFLOG: 239,
  IPOIB: 242,
  PKTAP: 258,
  LINUX_SLL2: 276,
  DSA_TAG_BRCM: 281,
  DSA_TAG_BRCM_PREPEND: 282,
  DSA_TAG_DSA: 284,
  DSA_TAG_EDSA: 285,
} as const;

/**
 * Decodes the link-layer header of b[off, end) into `out`: true with the network layer's offset,
 * end and EtherType (possibly not IP, then maybe with out.reason); false with out.error.
 */
export function decodeLink(linkType: number, b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  out.error = null;
  out.reason = null;
  out.etherType = 0;
  out.encap = 0;
  out.end = end;
  switch (linkType) {
    case LINKTYPE.ETHERNET: {
      if (end - off < 14) return fail(out, LINK_CUT);
      // The common case first: an untagged IP frame needs no walk.
      const type = (b[off + 12]! << 8) | b[off + 13]!;
      if (type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6) {
        out.offset = off + 14;
        out.etherType = type;
        return true;
      }
      return walkEtherType(b, off, TYPE_ETHERNET, end, out);
    }
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_OPENBSD:
    case LINKTYPE.RAW_BSDOS:
      if (off >= end) return fail(out, LINK_CUT);
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
      if (end - off < 16) return fail(out, LINK_CUT);
      return cooked(b, off + 16, (b[off + 14]! << 8) | b[off + 15]!, end, out);
    case LINKTYPE.LINUX_SLL2:
      if (end - off < 20) return fail(out, LINK_CUT);
      return cooked(b, off + 20, (b[off]! << 8) | b[off + 1]!, end, out);
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (end - off < 4) return fail(out, LINK_CUT);
      const be = ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
      // NULL is in the capturing host's byte order: a value > 0xFFFF means it was the other one.
      const family = linkType === LINKTYPE.NULL && be > 0xffff ? swap32(be) : be;
      out.offset = off + 4;
      out.etherType = family === 2 ? ETHERTYPE_IPV4 : family === 24 || family === 28 || family === 30 ? ETHERTYPE_IPV6 : 0;
      if (out.etherType === 0) out.reason = notIp(`address family ${family}`);
      return true;
    }
    case LINKTYPE.PPP:
      return ppp(b, off, end, out);
    case LINKTYPE.PPP_HDLC:
      return pppHdlc(b, off, end, out);
    case LINKTYPE.C_HDLC:
      return ciscoHdlc(b, off, end, out);
    case LINKTYPE.FDDI:
      return fddi(b, off, end, out);
    case LINKTYPE.ATM_RFC1483:
      return atmRfc1483(b, off, end, out);
    case LINKTYPE.FRELAY:
      return frameRelay(b, off, end, out);
    case LINKTYPE.IEEE802_11:
      return ieee80211(b, off, end, out);
    case LINKTYPE.IEEE802_11_RADIOTAP:
      return radiotap(b, off, end, out);
    case LINKTYPE.IEEE802_11_PRISM:
      return prism(b, off, end, out);
    case LINKTYPE.IEEE802_11_AVS:
      return avs(b, off, end, out);
    case LINKTYPE.ARCNET_LINUX:
      return arcnetLinux(b, off, end, out);
    case LINKTYPE.NFLOG:
      return nflog(b, off, end, out);
    case LINKTYPE.IPOIB:
      return ipoib(b, off, end, out);
    case LINKTYPE.JUNIPER_ETHER:
      return juniperEthernet(b, off, end, out);
    case LINKTYPE.IPNET:
      return ipnet(b, off, end, out);
    case LINKTYPE.DSA_TAG_BRCM:
    case LINKTYPE.DSA_TAG_DSA:
      return taggedEthernet(b, off, end, out, 4);
    case LINKTYPE.DSA_TAG_EDSA:
      return taggedEthernet(b, off, end, out, 8);
    case LINKTYPE.DSA_TAG_BRCM_PREPEND:
      return brcmPrepended(b, off, end, out);
    case LINKTYPE.PKTAP:
    case LINKTYPE.USER2:
      return pktap(linkType, b, off, end, out);
    default:
      return unsupported(linkType, out);
  }
}

function unsupported(linkType: number, out: LinkResult): false {
  out.error = `unsupported link type ${linkType}`;
  out.reason = unsupportedLinkType(linkType);
  return false;
}

const PKTAP_CUT = cutShort("PKTAP header");

/**
 * Apple's PKTAP (258; also USER2, 149, as Apple's tcpdump writes it): a little-endian header
 * whose first fields are its length and the link type of the frame after it.
 */
function pktap(linkType: number, b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 8) return fail(out, PKTAP_CUT);
  const length = (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0;
  const inner = (b[off + 4]! | (b[off + 5]! << 8) | (b[off + 6]! << 16) | (b[off + 7]! << 24)) >>> 0;
  // USER2 is only PKTAP by convention: a header that does not look like one is not decoded.
  if (length < 8 || length > end - off) return linkType === LINKTYPE.USER2 ? unsupported(linkType, out) : fail(out, PKTAP_CUT);
  if (inner === LINKTYPE.PKTAP || inner === LINKTYPE.USER2) return fail(out, PKTAP_CUT);
  return decodeLink(inner, b, off + length, end, out);
}

/** Cooked Linux: the protocol is an EtherType, or 4 (ETH_P_802_2) for an LLC frame. */
function cooked(b: Uint8Array, p: number, protocol: number, end: number, out: LinkResult): boolean {
  if (protocol === ETHERTYPE_IPV4 || protocol === ETHERTYPE_IPV6) {
    out.offset = p;
    out.etherType = protocol;
    return true;
  }
  if (protocol === 4) return walkEtherType(b, p, TYPE_LLC, end, out);
  // Other values below 1536 are Linux packet types (ETH_P_802_3…), not 802.3 lengths.
  if (protocol <= 1500) return notIpFrame(out, notIp(`Linux cooked protocol 0x${protocol.toString(16).padStart(4, "0")}`));
  return walkEtherType(b, p, protocol, end, out);
}

function byVersion(version: number): number {
  return version === 4 ? ETHERTYPE_IPV4 : version === 6 ? ETHERTYPE_IPV6 : 0;
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}
