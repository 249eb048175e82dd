// Tunnels inside IP: GRE (with ERSPAN types I-III, WCCP, Cisco MetaData and PPTP's enhanced
// GRE), IP in IP (4, 41), MPLS in IP (137), and over UDP: VXLAN (4789, Linux's 8472),
// VXLAN-GPE (4790), Geneve (6081), MPLS over UDP (6635). Each finds the inner packet and hands it to walkEtherType, so an inner
// Ethernet frame is walked like any other. Allocation-free: this runs for every UDP packet.
import * as ethernetLayer from "./ethernet";
import type { IpResult } from "./ip";
import { cutShort, ETHERTYPE_IPV4, ETHERTYPE_IPV6, fail, notIpFrame, type LinkFailure, type LinkResult } from "./link-result";
import { ENCAP_CISCO_METADATA, ENCAP_ERSPAN, ENCAP_GENEVE, ENCAP_GRE, ENCAP_IP_IN_IP, ENCAP_VXLAN, notIp, unsupportedEncapsulation } from "./set-aside";

// Local copies: see frame-decoder.ts (esbuild turns imported names into getter calls).
const { ETHERTYPE_NSH, TYPE_ETHERNET, TYPE_PPP, walkEtherType } = ethernetLayer;

const PROTO_IPV4 = 4;
const PROTO_UDP = 17;
const PROTO_IPV6 = 41;
const PROTO_GRE = 47;
const PROTO_MPLS = 137;

const VXLAN = 1;
const VXLAN_GPE = 2;
const GENEVE = 3;
const MPLS_UDP = 4;

/** Tunnel kind by UDP port (either side: a tunnel endpoint may answer from its well-known port). */
const UDP_TUNNELS = new Uint8Array(65536);
UDP_TUNNELS[4789] = VXLAN;
UDP_TUNNELS[8472] = VXLAN;
UDP_TUNNELS[4790] = VXLAN_GPE;
UDP_TUNNELS[6081] = GENEVE;
UDP_TUNNELS[6635] = MPLS_UDP;

/** True for the IP protocols `decodeTunnel` may look into (a cheap test before the call). */
export function mayTunnel(protocol: number): boolean {
  return protocol === PROTO_UDP || protocol === PROTO_GRE || protocol === PROTO_IPV4 || protocol === PROTO_IPV6 || protocol === PROTO_MPLS;
}

const GRE_CUT = cutShort("GRE header");
const ERSPAN_CUT = cutShort("ERSPAN header");
const VXLAN_CUT = cutShort("VXLAN header");
const GENEVE_CUT = cutShort("Geneve header");
const CMD_CUT = cutShort("Cisco MetaData header");
const GRE_ROUTING = unsupportedEncapsulation("GRE with source routing");
const GRE_NO_PAYLOAD = notIp("GRE without payload (protocol 0, a keepalive)");
const GRE_VERSION = unsupportedEncapsulation("GRE version other than 0 and 1");
const GENEVE_VERSION = unsupportedEncapsulation("Geneve version other than 0");
const ERSPAN_FRAME_TYPE = unsupportedEncapsulation("ERSPAN type III frame type other than Ethernet and IP");
const GPE_NEXT = unsupportedEncapsulation("VXLAN-GPE next protocol");

/**
 * Looks into the payload of the IP packet `ip` (whose transport header is at ip.l4Offset):
 * false when it is not a tunnel; true when it is one, with `out` as decodeLink leaves it (the
 * inner network layer, or not IP, or out.error when a tunnel header is cut short).
 */
export function decodeTunnel(b: Uint8Array, ip: IpResult, out: LinkResult): boolean {
  const q = ip.l4Offset;
  const end = ip.end;
  out.error = null;
  out.reason = null;
  out.etherType = 0;
  out.encap = 0;
  switch (ip.protocol) {
    case PROTO_UDP: {
      if (end - q < 8) return false; // the transport decoder reports the cut UDP header
      const kind = UDP_TUNNELS[(b[q + 2]! << 8) | b[q + 3]!] || UDP_TUNNELS[(b[q]! << 8) | b[q + 1]!]!;
      if (kind === 0) return false;
      // UDP length 0: a GSO/BIG TCP super-packet, the IP length is all there is.
      const length = (b[q + 4]! << 8) | b[q + 5]!;
      return udpTunnel(kind, b, q + 8, length >= 8 && q + length < end ? q + length : end, out);
    }
    case PROTO_GRE:
      return gre(b, q, end, out);
    case PROTO_IPV4:
    case PROTO_IPV6:
      out.encap = ENCAP_IP_IN_IP;
      walkEtherType(b, q, ip.protocol === PROTO_IPV4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6, end, out);
      return true;
    case PROTO_MPLS:
      walkEtherType(b, q, 0x8847, end, out);
      return true;
    default:
      return false;
  }
}

function udpTunnel(kind: number, b: Uint8Array, p: number, end: number, out: LinkResult): boolean {
  switch (kind) {
    case VXLAN:
      // flags(1) reserved(3) VNI(3) reserved(1), then Ethernet.
      out.encap = ENCAP_VXLAN;
      if (end - p < 8) return broken(out, VXLAN_CUT);
      walkEtherType(b, p + 8, TYPE_ETHERNET, end, out);
      return true;
    case VXLAN_GPE: {
      // As VXLAN, with a next protocol in byte 3 when the P flag (0x04) is set.
      out.encap = ENCAP_VXLAN;
      if (end - p < 8) return broken(out, VXLAN_CUT);
      const next = b[p]! & 0x04 ? b[p + 3]! : 3;
      const type = next === 1 ? ETHERTYPE_IPV4 : next === 2 ? ETHERTYPE_IPV6 : next === 3 ? TYPE_ETHERNET : next === 4 ? ETHERTYPE_NSH : next === 5 ? 0x8847 : 0;
      if (type === 0) return notIpFrame(out, GPE_NEXT);
      walkEtherType(b, p + 8, type, end, out);
      return true;
    }
    case GENEVE: {
      // version(2 bits) options length(6 bits, 4-byte words), flags, protocol(2), VNI(3), reserved.
      out.encap = ENCAP_GENEVE;
      if (end - p < 8) return broken(out, GENEVE_CUT);
      if (b[p]! >> 6 !== 0) return notIpFrame(out, GENEVE_VERSION);
      const start = p + 8 + (b[p]! & 0x3f) * 4;
      if (start > end) return broken(out, GENEVE_CUT);
      const protocol = (b[p + 2]! << 8) | b[p + 3]!;
      walkEtherType(b, start, protocol === 0x6558 ? TYPE_ETHERNET : protocol, end, out);
      return true;
    }
    default:
      walkEtherType(b, p, 0x8847, end, out);
      return true;
  }
}

/**
 * GRE (RFC 2784/2890): flags and version(2), protocol(2), then checksum+reserved, key and
 * sequence number as the C, K, S flags say. Version 1 is PPTP's (RFC 2637): key always
 * (payload length + call id), sequence and acknowledgement optional, PPP inside.
 */
function gre(b: Uint8Array, q: number, end: number, out: LinkResult): boolean {
  out.encap = ENCAP_GRE;
  if (end - q < 4) return broken(out, GRE_CUT);
  const flags = b[q]!;
  const version = b[q + 1]! & 7;
  let protocol = (b[q + 2]! << 8) | b[q + 3]!;
  let header = 4;
  if (version === 0) {
    if (flags & 0x40) return notIpFrame(out, GRE_ROUTING);
    if (flags & 0x80) header += 4;
    if (flags & 0x20) header += 4;
    if (flags & 0x10) header += 4;
  } else if (version === 1) {
    header += 4;
    if (flags & 0x10) header += 4;
    if (b[q + 1]! & 0x80) header += 4;
    if (protocol === 0x880b) protocol = TYPE_PPP;
  } else return notIpFrame(out, GRE_VERSION);
  if (end - q < header) return broken(out, GRE_CUT);
  let p = q + header;
  switch (protocol) {
    case 0: // keepalives (a GRE header with nothing after it inside another GRE packet)
      return notIpFrame(out, GRE_NO_PAYLOAD);
    case 0x6558: // transparent Ethernet bridging
      protocol = TYPE_ETHERNET;
      break;
    case 0x880b: // PPP in version-0 GRE
      protocol = TYPE_PPP;
      break;
    case 0x88be:
      // ERSPAN type II (8-byte header) when GRE has a sequence number, else type I (none).
      out.encap |= ENCAP_ERSPAN;
      if (flags & 0x10) {
        if (end - p < 8) return broken(out, ERSPAN_CUT);
        p += 8;
      }
      protocol = TYPE_ETHERNET;
      break;
    case 0x22eb: {
      // ERSPAN type III: 12 bytes, plus an 8-byte platform-specific subheader when O (bit 0 of
      // byte 11); the frame type (5 bits in bytes 10-11) says Ethernet (0) or IP (2).
      out.encap |= ENCAP_ERSPAN;
      if (end - p < 12) return broken(out, ERSPAN_CUT);
      const frameType = (b[p + 10]! >> 2) & 0x1f;
      p += b[p + 11]! & 1 ? 20 : 12;
      if (p >= end) return broken(out, ERSPAN_CUT);
      if (frameType === 0) protocol = TYPE_ETHERNET;
      else if (frameType === 2) protocol = b[p]! >> 4 === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
      else return notIpFrame(out, ERSPAN_FRAME_TYPE);
      break;
    }
    case 0x883e:
      // WCCP redirection: version 2 adds a 4-byte redirect header before the IPv4 packet.
      if (p < end && b[p]! >> 4 !== 4) p += 4;
      protocol = ETHERTYPE_IPV4;
      break;
    case 0x8909:
      // Cisco MetaData in GRE: the EtherType comes first, then version, length, option, SGT.
      if (end - p < 8) return broken(out, CMD_CUT);
      out.encap |= ENCAP_CISCO_METADATA;
      protocol = (b[p]! << 8) | b[p + 1]!;
      p += 8;
      break;
  }
  walkEtherType(b, p, protocol, end, out);
  return true;
}

/** A tunnel whose header is cut short: still a tunnel (true), with out.error set. */
function broken(out: LinkResult, failure: LinkFailure): true {
  fail(out, failure);
  return true;
}
