// EtherType walking: from an Ethernet header (or an EtherType, an LLC header, a PPP protocol
// field) through VLAN tags, MPLS label stacks, PPPoE, 802.2 LLC/SNAP, 802.1ah PBB, VN-Tag,
// Cisco FabricPath and MetaData, MACsec without encryption and NSH to the IP header. One loop with a bounded number of layers; hand-written and
// allocation-free because every Ethernet frame goes through it (the IP case returns first).
import {
  ENCAP_CISCO_METADATA, ENCAP_FABRICPATH, ENCAP_LLC_SNAP, ENCAP_MACSEC, ENCAP_MPLS, ENCAP_NSH, ENCAP_PBB, ENCAP_PPP, ENCAP_PPPOE, ENCAP_VLAN,
  ENCAP_VNTAG, notIp, unsupportedEncapsulation,
} from "./set-aside";
import { cutShort, ETHERTYPE_IPV4, ETHERTYPE_IPV6, fail, linkFailure, notIpFrame, type LinkResult } from "./link-result";

// Pseudo EtherTypes for the layers that have none: what starts at `p` in walkEtherType.
/** An Ethernet header: dst MAC(6) src MAC(6) EtherType/length(2). */
export const TYPE_ETHERNET = -1;
/** An 802.2 LLC header (from 802.11, FDDI, ATM: no 802.3 length before it). */
export const TYPE_LLC = -2;
/** A PPP protocol field, optionally after the HDLC address/control bytes FF 03. */
export const TYPE_PPP = -3;

const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_QINQ_OLD_1 = 0x9100;
const ETHERTYPE_QINQ_OLD_2 = 0x9200;
const ETHERTYPE_MPLS = 0x8847;
const ETHERTYPE_MPLS_MULTICAST = 0x8848;
const ETHERTYPE_PPPOE_SESSION = 0x8864;
const ETHERTYPE_PBB = 0x88e7;
const ETHERTYPE_VNTAG = 0x8926;
const ETHERTYPE_FABRICPATH = 0x8903;
const ETHERTYPE_CISCO_METADATA = 0x8909;
const ETHERTYPE_MACSEC = 0x88e5;
/** Exported for VXLAN-GPE, whose next protocol 4 is NSH. */
export const ETHERTYPE_NSH = 0x894f;

const MAX_LAYERS = 24;
const MAX_VLAN_TAGS = 8;
const MAX_MPLS_LABELS = 16;

const ETHERNET_CUT = cutShort("Ethernet header");
const VLAN_CUT = cutShort("VLAN tag");
const VNTAG_CUT = cutShort("VN-Tag");
const PBB_CUT = cutShort("PBB I-tag");
const FABRICPATH_CUT = cutShort("FabricPath header");
const MPLS_CUT = cutShort("MPLS label stack");
const PPPOE_CUT = cutShort("PPPoE header");
const PPP_CUT = cutShort("PPP header");
const CMD_CUT = cutShort("Cisco MetaData header");
const MACSEC_CUT = cutShort("MACsec SecTAG");
const NSH_CUT = cutShort("NSH header");
const MACSEC_ENCRYPTED = unsupportedEncapsulation("MACsec encrypted");
const LLC_CUT = cutShort("LLC header");
const TOO_MANY_VLAN_TAGS = linkFailure("too many VLAN tags");
const TOO_MANY_LABELS = linkFailure(`more than ${MAX_MPLS_LABELS} MPLS labels`);
const TOO_MANY_LAYERS = linkFailure(`more than ${MAX_LAYERS} link-layer headers`);
const MPLS_ACH = unsupportedEncapsulation("MPLS PW associated channel");
const NOVELL_RAW = notIp("802.3 raw frame (Novell IPX)");

/**
 * Walks from `type` (an EtherType whose payload starts at `p`, or a TYPE_* pseudo type whose
 * header starts at `p`) to the network layer. Sets out.offset/end/etherType (IPv4/IPv6, or the
 * EtherType that is not IP); or out.reason for a frame that is not IP and has no EtherType;
 * returns false with out.error when a header is cut short or nests too deep. ORs into out.encap.
 */
export function walkEtherType(b: Uint8Array, p: number, type: number, end: number, out: LinkResult): boolean {
  let vlans = 0;
  for (let layer = 0; layer < MAX_LAYERS; layer++) {
    if (type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6) {
      out.offset = p;
      out.end = end;
      out.etherType = type;
      return true;
    }
    switch (type) {
      case TYPE_ETHERNET:
        if (end - p < 14) return fail(out, ETHERNET_CUT);
        type = (b[p + 12]! << 8) | b[p + 13]!;
        p += 14;
        if (type <= 1500) {
          // An 802.3 length, not an EtherType: LLC follows and the rest is padding.
          if (p + type < end) end = p + type;
          type = TYPE_LLC;
        }
        continue;
      case ETHERTYPE_VLAN:
      case ETHERTYPE_QINQ:
      case ETHERTYPE_QINQ_OLD_1:
      case ETHERTYPE_QINQ_OLD_2:
        if (++vlans > MAX_VLAN_TAGS) return fail(out, TOO_MANY_VLAN_TAGS);
        if (end - p < 4) return fail(out, VLAN_CUT);
        out.encap |= ENCAP_VLAN;
        type = (b[p + 2]! << 8) | b[p + 3]!;
        p += 4;
        if (type <= 1500) {
          if (p + type < end) end = p + type;
          type = TYPE_LLC;
        }
        continue;
      case ETHERTYPE_VNTAG:
        if (end - p < 6) return fail(out, VNTAG_CUT);
        out.encap |= ENCAP_VNTAG;
        type = (b[p + 4]! << 8) | b[p + 5]!;
        p += 6;
        continue;
      case ETHERTYPE_PBB:
        // I-tag (flags + 24-bit I-SID), then the customer's Ethernet header.
        if (end - p < 4) return fail(out, PBB_CUT);
        out.encap |= ENCAP_PBB;
        p += 4;
        type = TYPE_ETHERNET;
        continue;
      case ETHERTYPE_FABRICPATH:
        // The rest of the FP tag (FTag 10 bits, TTL 6 bits), then the original Ethernet frame.
        if (end - p < 2) return fail(out, FABRICPATH_CUT);
        out.encap |= ENCAP_FABRICPATH;
        p += 2;
        type = TYPE_ETHERNET;
        continue;
      case ETHERTYPE_CISCO_METADATA:
        // version(1) length(1) option(2) SGT(2), then the EtherType.
        if (end - p < 8) return fail(out, CMD_CUT);
        out.encap |= ENCAP_CISCO_METADATA;
        type = (b[p + 6]! << 8) | b[p + 7]!;
        p += 8;
        continue;
      case ETHERTYPE_MACSEC: {
        // SecTAG: TCI/AN(1) short length(1) packet number(4), SCI(8) when TCI has SC (0x20).
        // Without E (0x08) the data is in clear: an EtherType, the payload, a 16-byte ICV.
        if (end - p < 6) return fail(out, MACSEC_CUT);
        const tci = b[p]!;
        if (tci & 0x08) return notIpFrame(out, MACSEC_ENCRYPTED);
        const tag = tci & 0x20 ? 14 : 6;
        if (end - p < tag + 2) return fail(out, MACSEC_CUT);
        out.encap |= ENCAP_MACSEC;
        const shortLength = b[p + 1]! & 0x3f;
        if (shortLength > 0 && p + tag + shortLength <= end) end = p + tag + shortLength;
        else if (end - 16 >= p + tag + 2) end -= 16;
        type = (b[p + tag]! << 8) | b[p + tag + 1]!;
        p += tag + 2;
        continue;
      }
      case ETHERTYPE_NSH: {
        // RFC 8300: length (6 bits, 4-byte words) in byte 1, next protocol in byte 3.
        if (end - p < 8) return fail(out, NSH_CUT);
        const length = (b[p + 1]! & 0x3f) * 4;
        if (length < 8 || end - p < length) return fail(out, NSH_CUT);
        out.encap |= ENCAP_NSH;
        const next = b[p + 3]!;
        p += length;
        type = next === 1 ? ETHERTYPE_IPV4 : next === 2 ? ETHERTYPE_IPV6 : next === 3 ? TYPE_ETHERNET : next === 5 ? ETHERTYPE_MPLS : 0;
        if (type === 0) return notIpFrame(out, nshReason(next));
        continue;
      }
      case ETHERTYPE_MPLS:
      case ETHERTYPE_MPLS_MULTICAST: {
        out.encap |= ENCAP_MPLS;
        for (let labels = 0; ; labels++) {
          if (labels === MAX_MPLS_LABELS) return fail(out, TOO_MANY_LABELS);
          if (end - p < 4) return fail(out, MPLS_CUT);
          const bottom = b[p + 2]! & 1;
          p += 4;
          if (bottom) break;
        }
        if (p >= end) return fail(out, MPLS_CUT);
        // No payload type in MPLS: the first nibble decides, as in Wireshark (RFC 4928, 4385):
        // 4/6 IP, 0 a pseudowire control word then Ethernet, 1 the PW associated channel, else
        // an Ethernet pseudowire without control word.
        const nibble = b[p]! >> 4;
        if (nibble === 4) type = ETHERTYPE_IPV4;
        else if (nibble === 6) type = ETHERTYPE_IPV6;
        else if (nibble === 1) return notIpFrame(out, MPLS_ACH);
        else {
          if (nibble === 0) p += 4;
          type = TYPE_ETHERNET;
        }
        continue;
      }
      case ETHERTYPE_PPPOE_SESSION: {
        // ver/type, code, session id, length; then PPP.
        if (end - p < 6) return fail(out, PPPOE_CUT);
        out.encap |= ENCAP_PPPOE;
        const length = (b[p + 4]! << 8) | b[p + 5]!;
        p += 6;
        if (p + length < end) end = p + length;
        type = TYPE_PPP;
        continue;
      }
      case TYPE_PPP: {
        if (end - p >= 2 && b[p] === 0xff && b[p + 1] === 0x03) p += 2;
        if (p >= end) return fail(out, PPP_CUT);
        let protocol = b[p]!;
        // An odd first byte is a compressed (one-byte) protocol field (RFC 1661 §6.5).
        if (protocol & 1) p += 1;
        else {
          if (end - p < 2) return fail(out, PPP_CUT);
          protocol = (protocol << 8) | b[p + 1]!;
          p += 2;
        }
        out.encap |= ENCAP_PPP;
        type = pppEtherType(protocol);
        if (type === 0) return notIpFrame(out, pppReason(protocol));
        continue;
      }
      case TYPE_LLC: {
        if (end - p < 3) return fail(out, LLC_CUT);
        const dsap = b[p]!;
        const ssap = b[p + 1]!;
        if (dsap === 0xaa && ssap === 0xaa) {
          // SNAP: control 03, OUI(3), protocol id(2).
          if (end - p < 8) return fail(out, LLC_CUT);
          const oui = (b[p + 3]! << 16) | (b[p + 4]! << 8) | b[p + 5]!;
          const pid = (b[p + 6]! << 8) | b[p + 7]!;
          p += 8;
          out.encap |= ENCAP_LLC_SNAP;
          if (oui === 0 || oui === 0xf8) type = pid;
          else if (oui === 0x0080c2 && (pid === 1 || pid === 7)) {
            // RFC 2684 bridged Ethernet (with / without FCS): 2 bytes of padding, then the frame.
            p += 2;
            type = TYPE_ETHERNET;
          } else return notIpFrame(out, snapReason(oui, pid));
          continue;
        }
        if (dsap === 0xff && ssap === 0xff) return notIpFrame(out, NOVELL_RAW);
        if (dsap === 0x06 && ssap === 0x06) {
          // RFC 791 over 802.2 (SAP 6), UI frame.
          p += 3;
          type = ETHERTYPE_IPV4;
          continue;
        }
        return notIpFrame(out, llcReason(dsap));
      }
      default:
        out.offset = p;
        out.end = end;
        out.etherType = type;
        return true;
    }
  }
  return fail(out, TOO_MANY_LAYERS);
}

/** The EtherType of a PPP protocol that carries IP or MPLS, else 0. */
function pppEtherType(protocol: number): number {
  switch (protocol) {
    case 0x0021:
      return ETHERTYPE_IPV4;
    case 0x0057:
      return ETHERTYPE_IPV6;
    case 0x0281:
      return ETHERTYPE_MPLS;
    case 0x0283:
      return ETHERTYPE_MPLS_MULTICAST;
    default:
      return 0;
  }
}

const hex = (n: number, digits: number) => `0x${n.toString(16).padStart(digits, "0")}`;

const PPP_NAMES: Record<number, string> = {
  0xc021: "LCP", 0xc023: "PAP", 0xc223: "CHAP", 0xc025: "LQR", 0x8021: "IPCP", 0x8057: "IPv6CP", 0x80fd: "CCP",
  0x8281: "MPLSCP", 0x002d: "VJ compressed TCP", 0x002f: "VJ uncompressed TCP", 0x003d: "multilink", 0x00fd: "compressed datagram",
  0x0207: "CDP", 0x8207: "CDPCP", 0x0023: "OSI", 0x8023: "OSINLCP", 0x002b: "IPX", 0x0031: "bridged LAN", 0xc029: "CBCP",
  0x8031: "BCP", 0xc227: "EAP",
};
const pppReasons = new Map<number, string>();
function pppReason(protocol: number): string {
  let r = pppReasons.get(protocol);
  if (r === undefined) {
    const name = PPP_NAMES[protocol];
    r = notIp(`PPP protocol ${hex(protocol, 4)}${name ? ` (${name})` : ""}`);
    pppReasons.set(protocol, r);
  }
  return r;
}

const SAP_NAMES: Record<number, string> = {
  0x42: "spanning tree", 0xfe: "OSI (IS-IS, ES-IS, CLNP)", 0xe0: "IPX", 0xf0: "NetBIOS", 0x04: "SNA", 0x05: "SNA",
  0x7e: "X.25", 0x80: "XNS", 0x98: "ARP", 0xbc: "Banyan VINES", 0xf4: "LAN management", 0x00: "null SAP", 0x8e: "active station list",
};
const llcReasons: Array<string | undefined> = new Array(256);
function llcReason(dsap: number): string {
  return (llcReasons[dsap] ??= notIp(`802.3 LLC SAP ${hex(dsap, 2)}${SAP_NAMES[dsap] ? ` (${SAP_NAMES[dsap]})` : ""}`));
}

const SNAP_NAMES: Record<string, string> = {
  "00000c/2000": "Cisco CDP", "00000c/2004": "Cisco DTP", "00000c/010b": "Cisco PVST+", "00000c/2003": "Cisco VTP",
  "00000c/0104": "Cisco PAgP", "00000c/0111": "Cisco UDLD", "00000c/0102": "Cisco DRiP", "0080c2/000e": "802.1 bridged BPDU",
};
const snapReasons = new Map<number, string>();
function snapReason(oui: number, pid: number): string {
  const key = oui * 65536 + pid;
  let r = snapReasons.get(key);
  if (r === undefined) {
    const id = `${oui.toString(16).padStart(6, "0")}/${pid.toString(16).padStart(4, "0")}`;
    r = notIp(`802.2 SNAP OUI ${id.replace("/", " protocol ")}${SNAP_NAMES[id] ? ` (${SNAP_NAMES[id]})` : ""}`);
    snapReasons.set(key, r);
  }
  return r;
}

const nshReasons: Array<string | undefined> = new Array(256);
function nshReason(next: number): string {
  return (nshReasons[next] ??= notIp(`NSH next protocol ${next}`));
}
