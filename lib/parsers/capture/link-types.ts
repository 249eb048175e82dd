// Link-layer headers other than Ethernet, loopback and cooked Linux: each finds where its
// payload starts and hands it to walkEtherType (ethernet.ts) as an EtherType, an LLC header, a
// PPP frame or an Ethernet frame. Formats as libpcap's LINKTYPE_* pages and Wireshark read them.
import * as ethernetLayer from "./ethernet";
import { cutShort, ETHERTYPE_IPV4, ETHERTYPE_IPV6, fail, LINK_CUT, linkFailure, notIpFrame, type LinkResult } from "./link-result";
import { ENCAP_DSA, ENCAP_IEEE_802_11, ENCAP_RADIOTAP, notIp, unsupportedEncapsulation } from "./set-aside";

// Local copies: see frame-decoder.ts (esbuild turns imported names into getter calls).
const { TYPE_ETHERNET, TYPE_LLC, TYPE_PPP, walkEtherType } = ethernetLayer;

/** LINKTYPE_PPP (9): PPP, with or without the HDLC address/control bytes. */
export function ppp(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  return walkEtherType(b, off, TYPE_PPP, end, out);
}

/** LINKTYPE_PPP_HDLC (50): PPP in HDLC framing; BSD/OS also writes Cisco HDLC frames here. */
export function pppHdlc(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (off >= end) return fail(out, LINK_CUT);
  if (b[off] === 0x0f || b[off] === 0x8f) return ciscoHdlc(b, off, end, out);
  return walkEtherType(b, off, TYPE_PPP, end, out);
}

const CHDLC_SLARP = notIp("Cisco HDLC SLARP");
const CHDLC_CDP = notIp("Cisco HDLC CDP");
const CHDLC_OSI = notIp("Cisco HDLC OSI (IS-IS)");

/** LINKTYPE_C_HDLC (104): address(1) control(1) then an EtherType. */
export function ciscoHdlc(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 4) return fail(out, LINK_CUT);
  const protocol = (b[off + 2]! << 8) | b[off + 3]!;
  // Cisco's own protocol numbers in EtherType space, which would be misnamed as EtherTypes.
  if (protocol === 0x8035) return notIpFrame(out, CHDLC_SLARP);
  if (protocol === 0x2000) return notIpFrame(out, CHDLC_CDP);
  if (protocol === 0xfefe) return notIpFrame(out, CHDLC_OSI);
  return walkEtherType(b, off + 4, protocol, end, out);
}

const FDDI_NOT_LLC = notIp("FDDI MAC/SMT frame");

/** LINKTYPE_FDDI (10): frame control(1) dst(6) src(6), then LLC for LLC frames. */
export function fddi(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 13) return fail(out, LINK_CUT);
  if ((b[off]! & 0x70) !== 0x50) return notIpFrame(out, FDDI_NOT_LLC);
  return walkEtherType(b, off + 13, TYPE_LLC, end, out);
}

/** LINKTYPE_ATM_RFC1483 (100): LLC/SNAP straight away. */
export function atmRfc1483(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  return walkEtherType(b, off, TYPE_LLC, end, out);
}

const FR_CUT = cutShort("Frame Relay header");
const FR_Q933 = notIp("Frame Relay Q.933 signalling");
const FR_OSI = notIp("Frame Relay OSI (CLNP, ES-IS, IS-IS)");
const frReasons = new Map<number, string>();

/**
 * LINKTYPE_FRELAY (107): a Q.922 address (2-4 bytes, EA bit ends it), then either UI control 03
 * and an NLPID (RFC 2427), or Cisco's encapsulation: an EtherType right after the address.
 */
export function frameRelay(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  let p = off;
  while (p < end && (b[p]! & 1) === 0 && p - off < 4) p++;
  p++;
  if (p - off < 2 || end - p < 2) return fail(out, FR_CUT);
  if (b[p] !== 0x03) return walkEtherType(b, p + 2, (b[p]! << 8) | b[p + 1]!, end, out);
  p++;
  if (b[p] === 0x00 && p + 1 < end) p++; // padding before some NLPIDs
  const nlpid = b[p]!;
  p++;
  switch (nlpid) {
    case 0xcc:
      return walkEtherType(b, p, ETHERTYPE_IPV4, end, out);
    case 0x8e:
      return walkEtherType(b, p, ETHERTYPE_IPV6, end, out);
    case 0x80:
      // SNAP without the LLC bytes: OUI(3) protocol id(2).
      if (end - p < 5) return fail(out, FR_CUT);
      return walkEtherType(b, p + 5, (b[p + 3]! << 8) | b[p + 4]!, end, out);
    case 0x08:
      return notIpFrame(out, FR_Q933);
    case 0x81:
    case 0x82:
    case 0x83:
      return notIpFrame(out, FR_OSI);
    default: {
      let r = frReasons.get(nlpid);
      if (r === undefined) frReasons.set(nlpid, (r = notIp(`Frame Relay NLPID 0x${nlpid.toString(16).padStart(2, "0")}`)));
      return notIpFrame(out, r);
    }
  }
}

const WLAN_CUT = cutShort("802.11 header");
const WLAN_MANAGEMENT = notIp("802.11 management frame");
const WLAN_CONTROL = notIp("802.11 control frame");
const WLAN_EXTENSION = notIp("802.11 extension frame");
const WLAN_NULL_DATA = notIp("802.11 null data frame");
const WLAN_ENCRYPTED = unsupportedEncapsulation("802.11 encrypted");
const WLAN_AMSDU = unsupportedEncapsulation("802.11 A-MSDU");

/**
 * An 802.11 MAC header at `off` (LINKTYPE_IEEE802_11, 105): data frames carry LLC/SNAP.
 * `dataPad`: radiotap says the header is padded to a multiple of 4 bytes.
 */
export function ieee80211(b: Uint8Array, off: number, end: number, out: LinkResult, dataPad = false): boolean {
  if (end - off < 2) return fail(out, WLAN_CUT);
  out.encap |= ENCAP_IEEE_802_11;
  const fc0 = b[off]!;
  const fc1 = b[off + 1]!;
  const frameType = (fc0 >> 2) & 3;
  const subtype = fc0 >> 4;
  if (frameType === 0) return notIpFrame(out, WLAN_MANAGEMENT);
  if (frameType === 1) return notIpFrame(out, WLAN_CONTROL);
  if (frameType === 3) return notIpFrame(out, WLAN_EXTENSION);
  if (subtype & 4) return notIpFrame(out, WLAN_NULL_DATA);
  let header = (fc1 & 3) === 3 ? 30 : 24; // four addresses between two access points (WDS)
  let amsdu = false;
  if (subtype & 8) {
    // QoS data: QoS control(2), and an HT control field(4) when the Order bit is set.
    if (end - off < header + 2) return fail(out, WLAN_CUT);
    amsdu = (b[off + header]! & 0x80) !== 0;
    header += 2;
    if (fc1 & 0x80) header += 4;
  }
  if (dataPad) header = (header + 3) & ~3;
  if (end - off < header) return fail(out, WLAN_CUT);
  if (fc1 & 0x40) return notIpFrame(out, WLAN_ENCRYPTED);
  if (amsdu) return notIpFrame(out, WLAN_AMSDU);
  return walkEtherType(b, off + header, TYPE_LLC, end, out);
}

const RADIOTAP_CUT = cutShort("radiotap header");
const RADIOTAP_BAD_LENGTH = linkFailure("radiotap length beyond the captured frame");

/** LINKTYPE_IEEE802_11_RADIOTAP (127): a little-endian, self-describing header, then 802.11. */
export function radiotap(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 8) return fail(out, RADIOTAP_CUT);
  const length = b[off + 2]! | (b[off + 3]! << 8);
  if (length < 8 || off + length > end) return fail(out, RADIOTAP_BAD_LENGTH);
  out.encap |= ENCAP_RADIOTAP;
  const present = (b[off + 4]! | (b[off + 5]! << 8) | (b[off + 6]! << 16) | (b[off + 7]! << 24)) >>> 0;
  // Skip any further present words (bit 31 chains them); the fields follow, each aligned to its size.
  let q = off + 8;
  for (let word = present; word & 0x80000000 && q + 4 <= off + length; q += 4) {
    word = (b[q]! | (b[q + 1]! << 8) | (b[q + 2]! << 16) | (b[q + 3]! << 24)) >>> 0;
  }
  let flags = 0;
  if (present & 2) {
    if (present & 1) q = off + (((q - off + 7) & ~7) + 8); // TSFT, 8 bytes aligned to 8
    if (q < off + length) flags = b[q]!;
  }
  // Flags: 0x10 the frame ends with its FCS, 0x20 padding after the 802.11 header.
  return ieee80211(b, off + length, flags & 0x10 ? Math.max(off + length, end - 4) : end, out, (flags & 0x20) !== 0);
}

const PRISM_CUT = cutShort("Prism header");
const AVS_MAGIC = 0x80211000;

/** LINKTYPE_IEEE802_11_PRISM (119): a Prism monitor header (msglen at 4, host order), or AVS. */
export function prism(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 8) return fail(out, PRISM_CUT);
  if ((((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) & 0xfffff000) >>> 0 === AVS_MAGIC) return avs(b, off, end, out);
  let length = b[off + 4]! | (b[off + 5]! << 8) | (b[off + 6]! << 16) | (b[off + 7]! << 24);
  if (length < 8 || length > end - off) length = (b[off + 4]! << 24) | (b[off + 5]! << 16) | (b[off + 6]! << 8) | b[off + 7]!;
  if (length < 8 || length > end - off) return fail(out, PRISM_CUT);
  return ieee80211(b, off + length, end, out);
}

const AVS_CUT = cutShort("AVS header");

/** LINKTYPE_IEEE802_11_AVS (163): version(4) header length(4), big-endian, then 802.11. */
export function avs(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 8) return fail(out, AVS_CUT);
  const length = ((b[off + 4]! << 24) | (b[off + 5]! << 16) | (b[off + 6]! << 8) | b[off + 7]!) >>> 0;
  if (length < 8 || length > end - off) return fail(out, AVS_CUT);
  return ieee80211(b, off + length, end, out);
}

const ARCNET_CUT = cutShort("ARCNET header");
const arcnetReasons = new Map<number, string>();

/**
 * LINKTYPE_ARCNET_LINUX (129): src(1) dst(1) offset(2) protocol(1), then split flag(1) and
 * sequence(2) except for the old RFC 1051 protocols (240, 241) and diagnostics (0x80).
 */
export function arcnetLinux(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 5) return fail(out, ARCNET_CUT);
  const protocol = b[off + 4]!;
  const header = protocol === 240 || protocol === 241 || protocol === 0x80 ? 5 : 8;
  if (end - off < header) return fail(out, ARCNET_CUT);
  const etherType = ARCNET_ETHERTYPES[protocol];
  if (etherType === undefined) {
    let r = arcnetReasons.get(protocol);
    if (r === undefined) arcnetReasons.set(protocol, (r = notIp(`ARCNET protocol ${protocol}`)));
    return notIpFrame(out, r);
  }
  return walkEtherType(b, off + header, etherType, end, out);
}

const ARCNET_ETHERTYPES: Record<number, number> = {
  212: ETHERTYPE_IPV4, 240: ETHERTYPE_IPV4, 196: ETHERTYPE_IPV6, 213: 0x0806, 241: 0x0806, 214: 0x8035, 221: 0x809b, 250: 0x8137,
};

const NFLOG_CUT = cutShort("NFLOG header");
const NFLOG_BAD_TLV = linkFailure("NFLOG TLV length < 4");
const NFLOG_NO_PAYLOAD = notIp("NFLOG record without a packet");
const NFULA_PAYLOAD = 9;

/**
 * LINKTYPE_NFLOG (239): family(1) version(1) resource id(2), then TLVs length(2) type(2) in the
 * capturing host's byte order, padded to 4; NFULA_PAYLOAD holds the IP packet.
 */
export function nflog(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 4) return fail(out, NFLOG_CUT);
  const family = b[off]!;
  let q = off + 4;
  // Host order: little-endian unless the first TLV only makes sense big-endian.
  const little = q + 4 > end || (b[q]! | (b[q + 1]! << 8)) <= end - q || ((b[q]! << 8) | b[q + 1]!) > end - q;
  while (q + 4 <= end) {
    const length = little ? b[q]! | (b[q + 1]! << 8) : (b[q]! << 8) | b[q + 1]!;
    const type = (little ? b[q + 2]! | (b[q + 3]! << 8) : (b[q + 2]! << 8) | b[q + 3]!) & 0x7fff;
    if (length < 4) return fail(out, NFLOG_BAD_TLV);
    if (type === NFULA_PAYLOAD) {
      const p = q + 4;
      const payloadEnd = Math.min(end, q + length);
      if (p >= payloadEnd) return fail(out, NFLOG_CUT);
      const etherType = family === 2 ? ETHERTYPE_IPV4 : family === 10 ? ETHERTYPE_IPV6 : byVersion(b[p]! >> 4);
      if (etherType === 0) return notIpFrame(out, notIp(`NFLOG family ${family}`));
      return walkEtherType(b, p, etherType, payloadEnd, out);
    }
    q += (length + 3) & ~3;
  }
  return notIpFrame(out, NFLOG_NO_PAYLOAD);
}

/** LINKTYPE_IPOIB (242): destination hardware address(20) source(20) EtherType(2) reserved(2). */
export function ipoib(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 44) return fail(out, LINK_CUT);
  return walkEtherType(b, off + 44, (b[off + 40]! << 8) | b[off + 41]!, end, out);
}

const JUNIPER_CUT = cutShort("Juniper header");
const JUNIPER_NO_MAGIC = linkFailure("Juniper header without its MGC magic");
const JUNIPER_NOT_IP = notIp("Juniper frame without L2 header, not IP");

/**
 * LINKTYPE_JUNIPER_ETHER (178): "MGC", flags(1), then (flag 0x80) an extension length(2) and
 * TLVs; then the Ethernet frame, or (flag 0x02, no L2) a 4-byte cookie and the IP packet.
 */
export function juniperEthernet(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 4) return fail(out, JUNIPER_CUT);
  if (b[off] !== 0x4d || b[off + 1] !== 0x47 || b[off + 2] !== 0x43) return fail(out, JUNIPER_NO_MAGIC);
  const flags = b[off + 3]!;
  let p = off + 4;
  if (flags & 0x80) {
    if (end - p < 2) return fail(out, JUNIPER_CUT);
    p += 2 + ((b[p]! << 8) | b[p + 1]!);
  }
  if (flags & 0x02) {
    p += 4;
    if (p >= end) return fail(out, JUNIPER_CUT);
    const etherType = byVersion(b[p]! >> 4);
    return etherType === 0 ? notIpFrame(out, JUNIPER_NOT_IP) : walkEtherType(b, p, etherType, end, out);
  }
  if (p > end) return fail(out, JUNIPER_CUT);
  return walkEtherType(b, p, TYPE_ETHERNET, end, out);
}

const IPNET_CUT = cutShort("IPNET header");

/** LINKTYPE_IPNET (226, Solaris): version(1) family(1: 2 IPv4, 26 IPv6) … 24 bytes in all. */
export function ipnet(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 24) return fail(out, IPNET_CUT);
  const family = b[off + 1]!;
  const etherType = family === 2 ? ETHERTYPE_IPV4 : family === 26 ? ETHERTYPE_IPV6 : 0;
  if (etherType === 0) return notIpFrame(out, notIp(`IPNET family ${family}`));
  return walkEtherType(b, off + 24, etherType, end, out);
}

const SWITCH_TAG_CUT = cutShort("switch tag");

/**
 * Ethernet with a switch tag of `tagLength` bytes between the source MAC and the EtherType:
 * Marvell DSA (284, 4), Marvell EDSA (285, 8), Broadcom tag (281, 4).
 */
export function taggedEthernet(b: Uint8Array, off: number, end: number, out: LinkResult, tagLength: number): boolean {
  const p = off + 12 + tagLength;
  if (end - p < 2) return fail(out, SWITCH_TAG_CUT);
  out.encap |= ENCAP_DSA;
  const type = (b[p]! << 8) | b[p + 1]!;
  if (type <= 1500) return walkEtherType(b, p + 2, TYPE_LLC, Math.min(end, p + 2 + type), out);
  return walkEtherType(b, p + 2, type, end, out);
}

/** LINKTYPE_DSA_TAG_BRCM_PREPEND (282): a 4-byte Broadcom tag before the Ethernet header. */
export function brcmPrepended(b: Uint8Array, off: number, end: number, out: LinkResult): boolean {
  if (end - off < 4) return fail(out, SWITCH_TAG_CUT);
  out.encap |= ENCAP_DSA;
  return walkEtherType(b, off + 4, TYPE_ETHERNET, end, out);
}

function byVersion(version: number): number {
  return version === 4 ? ETHERTYPE_IPV4 : version === 6 ? ETHERTYPE_IPV6 : 0;
}
