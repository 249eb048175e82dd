// Decodes one captured frame (link → IP → TCP/UDP → DNS) into a CapturePacket. Shared by the
// pcap and pcapng parsers. Hand-written for speed: no allocation besides the packet, its
// address strings and DNS messages; the layer decoders write into reused result objects.
import * as dnsWire from "./dns-message";
import type { DnsMessage } from "./dns-message";
import * as ipLayer from "./ip";
import * as linkLayer from "./link-layer";
import type { CapturePacket } from "./packet";
import * as setAsideReasons from "./set-aside";
import * as transportLayer from "./transport";
import * as tunnelLayer from "./tunnels";

// Local copies of the imported bindings: esbuild (tsx) compiles each use of an imported name into
// a getter call, measured at ~10 % of the parse time here; copies are fast under any bundler.
const { decodeDnsMessage, DNS_HEADER_LENGTH } = dnsWire;
const { decodeIp, newIpResult } = ipLayer;
const { decodeLink, ETHERTYPE_IPV4, ETHERTYPE_IPV6, newLinkResult } = linkLayer;
const { decodeTcp, decodeUdp, newTransportResult, PROTO_TCP, PROTO_UDP } = transportLayer;
const { malformed, notIpEtherType, unsupportedEncapsulation } = setAsideReasons;
const { decodeTunnel, mayTunnel } = tunnelLayer;

/** Tunnels inside tunnels decoded at most (a crafted packet could nest them to the snaplen). */
const MAX_TUNNELS = 4;
const TUNNELS_TOO_DEEP = unsupportedEncapsulation(`tunnels nested more than ${MAX_TUNNELS} deep`);

export class FrameDecoder {
  private readonly link = newLinkResult();
  private readonly ip = newIpResult();
  private readonly l4 = newTransportResult();
  private readonly tunnel = newLinkResult();

  /** @param dnsPorts from dnsPortTable(): 1 at the ports whose payload is DNS. */
  constructor(private readonly dnsPorts: Uint8Array) {}

  /** Decodes the frame b[off, off + capturedLength). */
  decode(
    b: Uint8Array,
    off: number,
    capturedLength: number,
    wireLength: number,
    linkType: number,
    frame: number,
    ts: number,
    tsEstimated: boolean,
    interfaceId: number,
  ): CapturePacket {
    const end = off + capturedLength;
    const p: CapturePacket = {
      frame,
      ts,
      tsEstimated,
      interfaceId,
      linkType,
      wireLength,
      ipVersion: null,
      src: null,
      dst: null,
      protocol: null,
      srcPort: null,
      dstPort: null,
      tcp: null,
      dns: null,
      fragment: false,
      truncated: wireLength > capturedLength,
      malformed: null,
      setAside: null,
      encapsulation: 0,
    };
    const link = this.link;
    if (!decodeLink(linkType, b, off, end, link)) {
      p.malformed = link.error;
      p.setAside = link.reason;
      return p;
    }
    p.encapsulation = link.encap;
    if (link.etherType !== ETHERTYPE_IPV4 && link.etherType !== ETHERTYPE_IPV6) {
      p.setAside = link.reason ?? notIpEtherType(link.etherType);
      return p;
    }
    const ip = this.ip;
    if (!this.network(b, link.offset, link.end, p)) return p;
    p.ipVersion = ip.version;
    p.src = ip.src;
    p.dst = ip.dst;
    p.protocol = ip.protocol;
    p.fragment = ip.fragment;
    if (ip.truncated) p.truncated = true;
    if (ip.l4Offset < 0) return p;
    const l4 = this.l4;
    if (ip.protocol === PROTO_TCP) {
      const tcp = decodeTcp(b, ip.l4Offset, ip.l4Length, ip.end, l4);
      if (tcp === null) {
        p.malformed = l4.error;
        p.setAside = malformed(l4.error!);
        return p;
      }
      p.tcp = tcp;
    } else if (ip.protocol === PROTO_UDP) {
      if (!decodeUdp(b, ip.l4Offset, ip.l4Length, ip.end, l4)) {
        p.malformed = l4.error;
        p.setAside = malformed(l4.error!);
        return p;
      }
    } else return p;
    p.srcPort = l4.srcPort;
    p.dstPort = l4.dstPort;
    if ((this.dnsPorts[l4.srcPort] === 1 || this.dnsPorts[l4.dstPort] === 1) && l4.payloadLength > 0) {
      if (p.tcp) this.tcpDns(b, p);
      else this.udpDns(b, p);
    }
    return p;
  }

  /**
   * Decodes the IP header at b[offset, end) into this.ip and, through any tunnels (tunnels.ts),
   * the innermost one, ORing the tunnels into p.encapsulation. False when `p` is set aside.
   */
  private network(b: Uint8Array, offset: number, end: number, p: CapturePacket): boolean {
    const ip = this.ip;
    const tunnel = this.tunnel;
    for (let depth = 0; ; depth++) {
      if (!decodeIp(b, offset, end, ip)) {
        p.malformed = ip.error;
        p.setAside = malformed(ip.error!);
        return false;
      }
      if (ip.truncated) p.truncated = true;
      if (ip.l4Offset < 0 || !mayTunnel(ip.protocol) || !decodeTunnel(b, ip, tunnel)) return true;
      p.encapsulation |= tunnel.encap;
      if (tunnel.error !== null) {
        p.malformed = tunnel.error;
        p.setAside = tunnel.reason;
        return false;
      }
      if (tunnel.etherType !== ETHERTYPE_IPV4 && tunnel.etherType !== ETHERTYPE_IPV6) {
        p.setAside = tunnel.reason ?? notIpEtherType(tunnel.etherType);
        return false;
      }
      if (depth === MAX_TUNNELS) {
        p.setAside = TUNNELS_TOO_DEEP;
        return false;
      }
      offset = tunnel.offset;
      end = tunnel.end;
    }
  }

  private udpDns(b: Uint8Array, p: CapturePacket): void {
    const { payloadOffset, payloadEnd, payloadLength } = this.l4;
    const msg = decodeDnsMessage(b, payloadOffset, payloadEnd, payloadLength);
    if (msg) p.dns = [msg];
    else p.malformed = payloadLength < DNS_HEADER_LENGTH ? "DNS message shorter than its header" : "DNS header cut by the snaplen";
  }

  /** Every complete length-prefixed message in the segment (RFC 7766); no stream reassembly. */
  private tcpDns(b: Uint8Array, p: CapturePacket): void {
    const { payloadOffset, payloadEnd, payloadLength } = this.l4;
    const segmentEnd = payloadOffset + payloadLength;
    const messages: DnsMessage[] = [];
    let q = payloadOffset;
    while (q < segmentEnd) {
      if (q + 2 > segmentEnd) {
        p.malformed = "DNS-over-TCP length prefix split across segments (not reassembled)";
        break;
      }
      if (q + 2 > payloadEnd) break; // cut by the snaplen: already flagged `truncated`
      const length = (b[q]! << 8) | b[q + 1]!;
      const start = q + 2;
      if (start + length > segmentEnd) {
        p.malformed = "DNS message continues in the next TCP segment (not reassembled)";
        break;
      }
      const msg = decodeDnsMessage(b, start, Math.min(start + length, payloadEnd), length);
      if (msg === null) {
        if (length < DNS_HEADER_LENGTH) p.malformed = "DNS message shorter than its header";
        break;
      }
      messages.push(msg);
      q = start + length;
    }
    if (messages.length > 0) p.dns = messages;
  }
}
