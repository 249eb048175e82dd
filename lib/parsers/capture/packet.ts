// The decoded packet every capture parser (pcap, pcapng, tcpdump text, tshark fields) emits.
// Fields are always present (null when unknown) so every packet object has the same shape: the
// binary parsers create ~1M of these per second and V8 keeps such call sites monomorphic.
import type { ParseIssue } from "../types";
import type { DnsMessage } from "./dns-message";
import type { IpFragmentOptions } from "./ip-fragments";
import type { ReassemblyReport } from "./reassembly-report";
import type { TcpDnsStreamOptions } from "./tcp-dns-streams";

export interface TcpInfo {
  /**
   * The flags byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40,
   * CWR 0x80) plus AE (ex-NS) as 0x100. Feed it to `flagClass(flags, 6)`.
   */
  flags: number;
  /** Raw 32-bit sequence/acknowledgement numbers (absolute; text formats: as printed). */
  seq: number;
  ack: number;
  /** Segment payload bytes from the IP length (not the captured length); null when unknown. */
  payloadLength: number | null;
  window: number | null;
  /** From the options, when present (usually only on SYN/SYN-ACK). */
  mss: number | null;
  windowScale: number | null;
}

export interface CapturePacket {
  /** 1-based packet number in its file (Wireshark's frame.number; tcpdump text: the line number). */
  frame: number;
  /**
   * Epoch microseconds, UTC, an integer (ns captures are floored to the µs; epoch µs stay exact
   * in a double until the year 2255).
   */
  ts: number;
  /** True for pcapng Simple Packet Blocks, which carry no time: `ts` is the previous packet's. */
  tsEstimated: boolean;
  /** pcap: 0. pcapng: the interface's position among all IDBs of the file (sections included). */
  interfaceId: number;
  /** LINKTYPE_* of the interface; null for text formats. */
  linkType: number | null;
  /** Length on the wire (pcap orig_len); null when the format does not say. */
  wireLength: number | null;
  /** 4 or 6; null when the frame holds no decodable IP header (ARP, LLC, unsupported link). */
  ipVersion: 4 | 6 | null;
  /** Of the innermost IP header: inside a tunnel (GRE, VXLAN…), the tunnelled packet's. */
  src: string | null;
  dst: string | null;
  /** IP protocol after IPv6 extension headers (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6…). */
  protocol: number | null;
  /** Null for non-TCP/UDP packets and for IP fragments other than the first. */
  srcPort: number | null;
  dstPort: number | null;
  tcp: TcpInfo | null;
  /**
   * DNS messages carried by this packet (DNS port on either side, or found by content): the UDP
   * payload, or every length-prefixed message this TCP segment completes in its reassembled
   * stream (a message split over segments comes with the segment that completes it).
   */
  dns: DnsMessage[] | null;
  /**
   * An IPv4/IPv6 fragment (MF set or non-zero offset). Fragments are reassembled: the last one
   * carries the datagram's ports, TCP and DNS; the others only their IP fields.
   */
  fragment: boolean;
  /** Cut by the capture's snaplen (captured < wire length, or shorter than the IP length). */
  truncated: boolean;
  /** Why part of the packet could not be decoded (e.g. a bad IP header); null when fine. */
  malformed: string | null;
  /**
   * Why nothing of this packet can be counted (an unsupported link type or encapsulation, a frame
   * that carries no IP, a malformed link/IP/transport header), as a short reason from a small
   * set (lib/parsers/capture/set-aside.ts); null when it was decoded up to IP. DNS payload
   * problems do not set it: the packet still counts as TCP/UDP.
   */
  setAside: string | null;
  /**
   * ENCAP_* bits (set-aside.ts) of the layers around the innermost IP header (VLAN, MPLS, the
   * tunnels and what was outside them…); 0 for none.
   */
  encapsulation: number;
}

/**
 * What capture parsers call. `reject` is for records that were not kept (corrupt record, file
 * cut mid-packet, bad block); a kept packet whose payload is partly undecodable carries
 * `malformed` (or `DnsMessage.error`) instead, so packets + rejects = records in the file.
 */
export interface CaptureSink {
  packet(p: CapturePacket): void;
  reject(issue: ParseIssue): void;
  /** Binary formats, once at the end of the file: what reassembly did and gave up. */
  reassembly?(report: ReassemblyReport): void;
}

/** Options shared by every capture parser. */
export interface CaptureParserOptions {
  /** UDP/TCP ports whose payload is decoded as DNS (either side). Default DEFAULT_DNS_PORTS. */
  dnsPorts?: readonly number[];
  /** Binary formats: also find DNS by content on other ports (lib/parsers/capture/dns-sniff.ts). Default true. */
  dnsByContent?: boolean;
  /** Binary formats: the caps of DNS-over-TCP reassembly and IP fragment reassembly (defaults in their modules). */
  tcpStreams?: TcpDnsStreamOptions;
  ipFragments?: IpFragmentOptions;
}

/** DNS, multicast DNS (RFC 6762) and LLMNR (RFC 4795). Not 853: DNS over TLS is encrypted. */
export const DEFAULT_DNS_PORTS: readonly number[] = [53, 5353, 5355];

/** A 64 Ki lookup table for the DNS ports: one array read on the hot path. */
export function dnsPortTable(options?: CaptureParserOptions): Uint8Array {
  const table = new Uint8Array(65536);
  for (const port of options?.dnsPorts ?? DEFAULT_DNS_PORTS) table[port & 0xffff] = 1;
  return table;
}
