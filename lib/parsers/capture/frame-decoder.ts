// Decodes one captured frame (link → IP → TCP/UDP → DNS) into a CapturePacket. Shared by the
// pcap and pcapng parsers. Hand-written for speed: no allocation besides the packet, its
// address strings and DNS messages; the layer decoders write into reused result objects.
// Reassembly (IP fragments, DNS-over-TCP streams) is off this path: only fragments and TCP
// segments with payload on DNS streams reach it.
import * as dnsWire from "./dns-message";
import type { DnsMessage } from "./dns-message";
import * as dnsSniff from "./dns-sniff";
import * as ipLayer from "./ip";
import { IpFragments, type IpFragmentOptions } from "./ip-fragments";
import * as linkLayer from "./link-layer";
import type { CapturePacket } from "./packet";
import type { ReassemblyReport } from "./reassembly-report";
import { TcpDnsStreams, type TcpDnsStreamOptions } from "./tcp-dns-streams";
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
const { looksLikeDns, looksLikeTcpDns } = dnsSniff;

export interface FrameDecoderOptions {
  /** Look for DNS by content on ports that are not DNS ports (dns-sniff.ts); default true. */
  dnsByContent?: boolean;
  tcpStreams?: TcpDnsStreamOptions;
  ipFragments?: IpFragmentOptions;
}

const FIN_SYN_RST = 0x07;

/** Tunnels inside tunnels decoded at most (a crafted packet could nest them to the snaplen). */
const MAX_TUNNELS = 4;
const TUNNELS_TOO_DEEP = unsupportedEncapsulation(`tunnels nested more than ${MAX_TUNNELS} deep`);

export class FrameDecoder {
  private readonly link = newLinkResult();
  private readonly ip = newIpResult();
  private readonly l4 = newTransportResult();
  private readonly tunnel = newLinkResult();
  private readonly streams: TcpDnsStreams;
  private readonly fragments: IpFragments;
  private readonly byContent: boolean;

  /** @param dnsPorts from dnsPortTable(): 1 at the ports whose payload is DNS. */
  constructor(
    private readonly dnsPorts: Uint8Array,
    options: FrameDecoderOptions = {},
  ) {
    this.byContent = options.dnsByContent ?? true;
    this.streams = new TcpDnsStreams(options.tcpStreams);
    this.fragments = new IpFragments(options.ipFragments);
  }

  /** End of the file: what is still incomplete is given up; what reassembly did and gave up. */
  finish(): ReassemblyReport {
    this.streams.finish();
    this.fragments.finish();
    const s = this.streams;
    const f = this.fragments;
    return {
      tcpMessages: s.messages, tcpRetransmissions: s.retransmissions, tcpOutOfOrder: s.outOfOrder, ipDatagrams: f.datagrams,
      ipDuplicateFragments: f.duplicates, tcpGivenUp: s.givenUp.list(), ipGivenUp: f.givenUp.list(),
    };
  }

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
    // An atomic fragment (offset 0, no more) is a whole datagram: decoded in place.
    if (ip.fragment && (ip.fragOffset !== 0 || ip.moreFragments)) {
      const whole = this.fragments.add(ip, b, ip.end, ts);
      if (whole !== null) this.transport(whole.data, whole.l4Skip, whole.data.length - whole.l4Skip, whole.data.length, whole.protocol, p);
      return p;
    }
    if (ip.l4Offset < 0) return p;
    this.transport(b, ip.l4Offset, ip.l4Length, ip.end, ip.protocol, p);
    return p;
  }

  /** TCP/UDP at b[l4Offset] (`l4Length` per the IP header, captured up to `end`), then DNS. */
  private transport(b: Uint8Array, l4Offset: number, l4Length: number, end: number, protocol: number, p: CapturePacket): void {
    const l4 = this.l4;
    if (protocol === PROTO_TCP) {
      const tcp = decodeTcp(b, l4Offset, l4Length, end, l4);
      if (tcp === null) {
        p.malformed = l4.error;
        p.setAside = malformed(l4.error!);
        return;
      }
      p.tcp = tcp;
    } else if (protocol === PROTO_UDP) {
      if (!decodeUdp(b, l4Offset, l4Length, end, l4)) {
        p.malformed = l4.error;
        p.setAside = malformed(l4.error!);
        return;
      }
    } else return;
    p.protocol = protocol;
    p.srcPort = l4.srcPort;
    p.dstPort = l4.dstPort;
    const dnsPort = this.dnsPorts[l4.srcPort] === 1 || this.dnsPorts[l4.dstPort] === 1;
    if (l4.payloadLength > 0) {
      if (dnsPort) {
        if (p.tcp) this.tcpDns(b, p, false);
        else this.udpDns(b, p, false);
      } else if (this.byContent) this.dnsByContent(b, p);
    } else if (p.tcp !== null && (p.tcp.flags & FIN_SYN_RST) !== 0 && this.streams.size > 0) {
      const s = this.streams;
      if (dnsPort || s.contentPorts[l4.srcPort] !== 0 || s.contentPorts[l4.dstPort] !== 0) s.control(`${p.src} ${l4.srcPort} ${p.dst} ${l4.dstPort}`, p.tcp.flags);
    }
  }

  /** DNS on a port that is not a DNS port: a stream already recognised, or a payload that passes dns-sniff.ts. */
  private dnsByContent(b: Uint8Array, p: CapturePacket): void {
    const l4 = this.l4;
    if (p.tcp === null) {
      if (looksLikeDns(b, l4.payloadOffset, l4.payloadEnd, l4.payloadLength)) this.udpDns(b, p, true);
      return;
    }
    const s = this.streams;
    if (s.contentPorts[l4.srcPort] !== 0 || s.contentPorts[l4.dstPort] !== 0) {
      const key = `${p.src} ${l4.srcPort} ${p.dst} ${l4.dstPort}`;
      // The answers' direction of a connection whose queries were recognised is DNS too, even
      // when its first segment is only a length prefix.
      if (s.has(key) || s.has(`${p.dst} ${l4.dstPort} ${p.src} ${l4.srcPort}`)) return this.tcpDns(b, p, true, key);
    }
    if (looksLikeTcpDns(b, l4.payloadOffset, l4.payloadEnd)) this.tcpDns(b, p, true);
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

  private udpDns(b: Uint8Array, p: CapturePacket, byContent: boolean): void {
    const { payloadOffset, payloadEnd, payloadLength } = this.l4;
    const msg = decodeDnsMessage(b, payloadOffset, payloadEnd, payloadLength);
    if (msg) {
      msg.byContent = byContent;
      p.dns = [msg];
    } else p.malformed = payloadLength < DNS_HEADER_LENGTH ? "DNS message shorter than its header" : "DNS header cut by the snaplen";
  }

  /** The messages this segment completes in its stream (tcp-dns-streams.ts: RFC 7766 framing, reassembled). */
  private tcpDns(b: Uint8Array, p: CapturePacket, byContent: boolean, key = `${p.src} ${this.l4.srcPort} ${p.dst} ${this.l4.dstPort}`): void {
    const { payloadOffset, payloadEnd, payloadLength } = this.l4;
    const tcp = p.tcp!;
    const messages: DnsMessage[] = [];
    this.streams.segment(key, tcp.seq, tcp.flags, b, payloadOffset, payloadEnd, payloadLength, p.ts, messages, byContent);
    if (this.streams.malformed !== null) p.malformed = this.streams.malformed;
    if (messages.length === 0) return;
    if (byContent) for (const m of messages) m.byContent = true;
    p.dns = messages;
  }
}
