// Link types, Ethernet encapsulations and tunnels: real captures from tcpdump's test suite
// (fixtures/corpus, counts from tshark) and crafted frames for the edge cases.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeDns, encodeIpPacket } from "@/lib/samples/capture-frames";
import { CAPTURE_FORMATS } from "./capture-formats";
import { FrameDecoder } from "./frame-decoder";
import { dnsPortTable, type CapturePacket } from "./packet";
import {
  ENCAP_ERSPAN, ENCAP_GENEVE, ENCAP_GRE, ENCAP_IEEE_802_11, ENCAP_IP_IN_IP, ENCAP_LLC_SNAP, ENCAP_MPLS, ENCAP_PPP, ENCAP_PPPOE,
  ENCAP_RADIOTAP, ENCAP_VLAN, ENCAP_VXLAN, encapsulationNames,
} from "./set-aside";

const CORPUS = path.join(import.meta.dirname, "fixtures", "corpus");

interface Expected {
  /** Packets with an IP header that count (not set aside), and of those TCP, UDP, with DNS. */
  decoded: number;
  tcp: number;
  udp: number;
  dns: number;
  /** Decoded packets by their encapsulation names (as the upload summary joins them). */
  encapsulations?: Record<string, number>;
  setAside?: Record<string, number>;
}

function summarize(file: string) {
  const data = readFileSync(path.join(CORPUS, file));
  const format = CAPTURE_FORMATS.find((f) => f.sniff(data.subarray(0, 65536)))!;
  const s = { packets: 0, decoded: 0, tcp: 0, udp: 0, dns: 0, encapsulations: {} as Record<string, number>, setAside: {} as Record<string, number> };
  const parser = format.create({
    packet: (p) => {
      s.packets++;
      if (p.setAside !== null) s.setAside[p.setAside] = (s.setAside[p.setAside] ?? 0) + 1;
      if (p.setAside !== null || p.ipVersion === null) return;
      s.decoded++;
      if (p.tcp !== null) s.tcp++;
      else if (p.protocol === 17 && p.srcPort !== null) s.udp++;
      if (p.dns !== null) s.dns++;
      if (p.encapsulation !== 0) {
        const name = encapsulationNames(p.encapsulation).join(" + ");
        s.encapsulations[name] = (s.encapsulations[name] ?? 0) + 1;
      }
    },
    reject: () => {},
  });
  for (let off = 0; off < data.length; off += 777) parser.write(data.subarray(off, off + 777));
  parser.end();
  return s;
}

// decoded/tcp/udp/dns are tshark 4.0's (`tshark -2 -n -T fields -e frame.protocols`: frames whose
// innermost layers are IP, then TCP / UDP / DNS; ICMP's quoted headers do not count), and so are
// the layers named in the encapsulation counts. Where tshark differs it is said.
const CASES: Array<[string, Expected]> = [
  ["geneve.pcap", { decoded: 39, tcp: 33, udp: 0, dns: 0, encapsulations: { Geneve: 39 } }],
  ["gso-ipv6-vxlan-ipv6.pcap", { decoded: 1, tcp: 1, udp: 0, dns: 0, encapsulations: { VXLAN: 1 } }],
  // 8 ICMP inside VXLAN, 2 ARP inside VXLAN (tshark: eth:…:udp:vxlan:eth:ethertype:arp).
  ["vxlan.pcap", { decoded: 8, tcp: 0, udp: 0, dns: 0, encapsulations: { VXLAN: 8 }, setAside: { "not IP: EtherType 0x0806 (ARP)": 2 } }],
  // The same frames on Linux's VXLAN port, which tshark does not decode (it counts 10 UDP);
  // with Decode As vxlan it shows vxlan.pcap's layers.
  ["vxlan_port_8472.pcap", { decoded: 8, tcp: 0, udp: 0, dns: 0, encapsulations: { VXLAN: 8 }, setAside: { "not IP: EtherType 0x0806 (ARP)": 2 } }],
  // ERSPAN type I carries a VLAN-tagged frame (eth:ip:gre:erspan:eth:vlan:ip:icmp).
  ["erspan-type-i-2.pcap", { decoded: 2, tcp: 0, udp: 0, dns: 0, encapsulations: { "802.1Q/802.1ad VLAN + GRE + ERSPAN": 2 } }],
  ["erspan-type-ii-2.pcap", { decoded: 16, tcp: 0, udp: 16, dns: 0, encapsulations: { "GRE + ERSPAN": 16 } }],
  ["erspan-type-iii-ft-0.pcap", { decoded: 9, tcp: 0, udp: 0, dns: 0, encapsulations: { "802.1Q/802.1ad VLAN + GRE + ERSPAN": 9 } }],
  // PPTP: the control connection over TCP, and one PPP LCP frame in enhanced GRE.
  ["pptp.pcap", { decoded: 22, tcp: 22, udp: 0, dns: 0, setAside: { "not IP: PPP protocol 0xc021 (LCP)": 1 } }],
  // GRE protocol 0x883e: WCCP redirection of an SMB session.
  ["wccp_redirect_gre.pcap", { decoded: 1, tcp: 1, udp: 0, dns: 0, encapsulations: { GRE: 1 } }],
  [
    "various_gre.pcap",
    {
      // 10 ICMP + 2 PIM inside Cisco MetaData in GRE; 8 keepalives (GRE in GRE) and 8 bare GRE
      // headers, 2 CDP in GRE, spanning tree, Cisco SNAP protocols and Ethernet loopback.
      decoded: 12, tcp: 0, udp: 0, dns: 0,
      encapsulations: { "802.1Q/802.1ad VLAN + GRE + Cisco MetaData": 12 },
      setAside: {
        "not IP: 802.2 SNAP OUI 00000c protocol 010b (Cisco PVST+)": 42, "not IP: 802.3 LLC SAP 0x42 (spanning tree)": 21,
        "not IP: GRE without payload (protocol 0, a keepalive)": 16, "not IP: EtherType 0x9000 (loopback)": 5, "not IP: EtherType 0x2000": 2,
        "not IP: 802.2 SNAP OUI 00000c protocol 2004 (Cisco DTP)": 1, "not IP: 802.2 SNAP OUI 00000c protocol 2000 (Cisco CDP)": 1,
      },
    },
  ],
  ["mpls-traceroute.pcap", { decoded: 18, tcp: 0, udp: 9, dns: 0, encapsulations: { "MPLS + PPP": 9, PPP: 9 } }],
  ["lspping-fec-ldp.pcap", { decoded: 13, tcp: 3, udp: 10, dns: 0, encapsulations: { "MPLS + PPP": 8, PPP: 5 } }],
  ["mpls-over-udp.pcap", { decoded: 2, tcp: 0, udp: 0, dns: 0, encapsulations: { MPLS: 2 } }],
  ["pppoes.pcap", { decoded: 0, tcp: 0, udp: 0, dns: 0, setAside: { "not IP: PPP protocol 0xc021 (LCP)": 2 } }],
  ["nsh-over-vxlan-gpe.pcap", { decoded: 1, tcp: 0, udp: 1, dns: 0, encapsulations: { "VXLAN + NSH": 1 } }],
  ["macsec-short-valid.pcap", { decoded: 1, tcp: 0, udp: 1, dns: 0, encapsulations: { MACsec: 1 } }],
  ["ieee802.11_htc.pcap", { decoded: 1, tcp: 0, udp: 1, dns: 0, encapsulations: { "802.2 LLC/SNAP + radiotap + IEEE 802.11": 1 } }],
  // QoS data frames with the Protected bit (tshark: wlan.fc.protected 1, shown as data).
  ["ieee802.11_rx-stbc.pcap", { decoded: 0, tcp: 0, udp: 0, dns: 0, setAside: { "unsupported encapsulation: 802.11 encrypted": 3 } }],
  ["ipoib.pcap", { decoded: 26, tcp: 20, udp: 0, dns: 0, setAside: { "not IP: EtherType 0x0806 (ARP)": 4 } }],
  ["arcnet-rfc1201-arp-icmp-http.pcap", { decoded: 22, tcp: 14, udp: 4, dns: 4, setAside: { "not IP: EtherType 0x0806 (ARP)": 4 } }],
  ["nflog.pcap", { decoded: 4, tcp: 0, udp: 4, dns: 4 }],
  ["LINKTYPE_PKTAP.pcap", { decoded: 1, tcp: 0, udp: 1, dns: 1 }],
  ["LINKTYPE_USER2_PKTAP.pcap", { decoded: 1, tcp: 0, udp: 1, dns: 1 }],
  ["HDLC.pcap", { decoded: 10, tcp: 0, udp: 0, dns: 0, setAside: { "not IP: Cisco HDLC SLARP": 24, "not IP: Cisco HDLC CDP": 4 } }],
  ["bgp-aigp.pcap", { decoded: 1, tcp: 1, udp: 0, dns: 0 }],
  ["e1000g.pcap", { decoded: 20, tcp: 0, udp: 0, dns: 0 }],
  ["OSPFv3_NBMA_adjacencies.pcap", { decoded: 86, tcp: 0, udp: 0, dns: 0 }],
  // tshark 4.0 reads none of the switch-tag link types: these counts are tcpdump 4.99's
  // (`tcpdump -n -r`: BRCM tag 8 BOOTP + 9 ICMP + 6 ARP; DSA 6 ICMP + 2 ARP; EDSA 6 ICMP + 4 ARP).
  ["brcm-tag.pcap", { decoded: 17, tcp: 0, udp: 8, dns: 0, encapsulations: { "switch tag (DSA/Broadcom)": 17 }, setAside: { "not IP: EtherType 0x0806 (ARP)": 6 } }],
  ["dsa.pcap", { decoded: 6, tcp: 0, udp: 0, dns: 0, encapsulations: { "switch tag (DSA/Broadcom)": 6 }, setAside: { "not IP: EtherType 0x0806 (ARP)": 2 } }],
  ["edsa.pcap", { decoded: 6, tcp: 0, udp: 0, dns: 0, encapsulations: { "switch tag (DSA/Broadcom)": 6 }, setAside: { "not IP: EtherType 0x0806 (ARP)": 4 } }],
];

describe.each(CASES)("corpus capture %s", (file, expected) => {
  it("decodes the packets tshark decodes, with the encapsulations around them", () => {
    const s = summarize(file);
    expect({ decoded: s.decoded, tcp: s.tcp, udp: s.udp, dns: s.dns }).toEqual({ decoded: expected.decoded, tcp: expected.tcp, udp: expected.udp, dns: expected.dns });
    expect(s.encapsulations).toEqual(expected.encapsulations ?? {});
    expect(s.setAside).toEqual(expected.setAside ?? {});
  });
});

it("takes the inner addresses and ports of a tunnel (geneve.pcap's first TCP frame, as tshark shows it)", () => {
  const data = readFileSync(path.join(CORPUS, "geneve.pcap"));
  const packets: CapturePacket[] = [];
  const parser = CAPTURE_FORMATS.find((f) => f.kind === "pcap")!.create({ packet: (p) => packets.push(p), reject: () => {} });
  parser.write(data);
  parser.end();
  // tshark -Y tcp -T fields -E occurrence=l -e frame.number -e ip.src -e ip.dst -e tcp.srcport -e tcp.dstport -e tcp.flags
  expect(packets[2]).toMatchObject({ frame: 3, src: "30.0.0.2", dst: "30.0.0.1", srcPort: 51225, dstPort: 22, tcp: { flags: 0x02 }, encapsulation: ENCAP_GENEVE });
});

// Crafted frames: the encoders in lib/samples build the inner packets, the wrappers follow the RFCs.
const bytes = (...parts: Array<Uint8Array | number[]>) => Uint8Array.from(parts.flatMap((p) => [...p]));
const u16 = (n: number) => [n >> 8, n & 0xff];
const MACS = [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2];
const ether = (type: number, payload: Uint8Array | number[]) => bytes(MACS, u16(type), payload);
const dnsQuery = encodeDns({ id: 0x1234, qname: "example.com", qtype: 1 });
const innerUdp = () => encodeIpPacket({ src: "10.1.1.1", dst: "10.2.2.2", srcPort: 40000, dstPort: 53, payload: dnsQuery });
const innerTcp6 = () => encodeIpPacket({ src: "fd00::1", dst: "fd00::2", srcPort: 443, dstPort: 50000, tcp: { flags: 0x12, seq: 1 } });

/** An IPv4 header of protocol `protocol` around `payload` (checksum 0). */
function ipv4(protocol: number, payload: Uint8Array, src = [192, 0, 2, 1], dst = [192, 0, 2, 2]): Uint8Array {
  return bytes([0x45, 0, ...u16(20 + payload.length), 0, 0, 0, 0, 64, protocol, 0, 0], src, dst, payload);
}
const outerUdp = (dstPort: number, payload: Uint8Array) => encodeIpPacket({ src: "192.0.2.1", dst: "192.0.2.2", srcPort: 33333, dstPort, payload });
const mplsLabel = (label: number, bottom: boolean) => [label >> 12, (label >> 4) & 0xff, ((label & 0xf) << 4) | (bottom ? 1 : 0), 64];

function decode(frame: Uint8Array, linkType = 1): CapturePacket {
  return new FrameDecoder(dnsPortTable()).decode(frame, 0, frame.length, frame.length, linkType, 1, 0, false, 0);
}

describe("crafted encapsulations", () => {
  it("walks VLAN, an MPLS label stack and a UDP DNS query inside", () => {
    const p = decode(ether(0x8100, bytes([0, 5], u16(0x8847), mplsLabel(100, false), mplsLabel(200, true), innerUdp())));
    expect(p).toMatchObject({ src: "10.1.1.1", dst: "10.2.2.2", dstPort: 53, setAside: null, malformed: null, encapsulation: ENCAP_VLAN | ENCAP_MPLS });
    expect(p.dns?.[0]?.id).toBe(0x1234);
  });

  it("reads an Ethernet pseudowire with control word after the MPLS stack", () => {
    const p = decode(ether(0x8847, bytes(mplsLabel(16, true), [0, 0, 0, 0], ether(0x86dd, innerTcp6()))));
    expect(p).toMatchObject({ src: "fd00::1", tcp: { flags: 0x12 }, encapsulation: ENCAP_MPLS });
  });

  it("sets aside a cut label stack and one deeper than 16 labels as malformed", () => {
    expect(decode(ether(0x8847, mplsLabel(1, false).slice(0, 3))).setAside).toBe("malformed: MPLS label stack cut short");
    const labels = Array.from({ length: 17 }, (_, i) => mplsLabel(i, false)).flat();
    expect(decode(ether(0x8847, bytes(labels, innerUdp()))).setAside).toBe("malformed: more than 16 MPLS labels");
  });

  it("reads PPPoE session frames to the IP packet, and names the PPP protocols that are not IP", () => {
    const ip6 = innerTcp6();
    const session = (ppp: number[]) => ether(0x8864, bytes([0x11, 0, 0, 1], u16(ppp.length), ppp));
    expect(decode(session([0, 0x57, ...ip6]))).toMatchObject({ src: "fd00::1", encapsulation: ENCAP_PPPOE | ENCAP_PPP });
    expect(decode(session([0xc0, 0x21, 1, 1, 0, 4])).setAside).toBe("not IP: PPP protocol 0xc021 (LCP)");
    expect(decode(ether(0x8864, [0x11, 0, 0])).setAside).toBe("malformed: PPPoE header cut short");
  });

  it("reads 802.2 LLC/SNAP and names other SAPs", () => {
    const snap = bytes([0xaa, 0xaa, 3, 0, 0, 0], u16(0x0800), innerUdp());
    expect(decode(ether(snap.length, snap))).toMatchObject({ src: "10.1.1.1", encapsulation: ENCAP_LLC_SNAP });
    const stp = [0x42, 0x42, 3, 0, 0, 0, 0];
    expect(decode(ether(stp.length, stp)).setAside).toBe("not IP: 802.3 LLC SAP 0x42 (spanning tree)");
    expect(decode(ether(2, [0xaa, 0xaa])).setAside).toBe("malformed: LLC header cut short");
  });

  it("reads GRE with checksum, key and sequence number, and ERSPAN type III with its platform subheader", () => {
    const gre = bytes([0xb0, 0], u16(0x0800), [0, 0, 0, 0], [0, 0, 0, 7], [0, 0, 0, 1], innerUdp());
    expect(decode(ether(0x0800, ipv4(47, gre)))).toMatchObject({ src: "10.1.1.1", dstPort: 53, encapsulation: ENCAP_GRE });
    // ERSPAN III: 12-byte header with frame type 0 (Ethernet) and O set, then 8 bytes of subheader.
    const erspan = bytes([0x20, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 1], Array(8).fill(0), ether(0x0800, innerUdp()));
    const p = decode(ether(0x0800, ipv4(47, bytes([0x10, 0], u16(0x22eb), [0, 0, 0, 9], erspan))));
    expect(p).toMatchObject({ src: "10.1.1.1", encapsulation: ENCAP_GRE | ENCAP_ERSPAN });
  });

  it("sets aside a cut GRE, VXLAN or Geneve header as malformed, with the tunnel named", () => {
    const cutGre = decode(ether(0x0800, ipv4(47, Uint8Array.of(0x30, 0, 8, 0, 0, 0))));
    expect(cutGre).toMatchObject({ setAside: "malformed: GRE header cut short", malformed: "GRE header cut short", src: null, encapsulation: ENCAP_GRE });
    expect(decode(ether(0x0800, outerUdp(4789, Uint8Array.of(8, 0, 0))))).toMatchObject({ setAside: "malformed: VXLAN header cut short", encapsulation: ENCAP_VXLAN });
    // Geneve saying 8 bytes of options where there are 4.
    expect(decode(ether(0x0800, outerUdp(6081, Uint8Array.of(2, 0, 0x65, 0x58, 0, 0, 1, 0, 1, 2, 3, 4)))).setAside).toBe("malformed: Geneve header cut short");
  });

  it("reads VXLAN and Geneve (with options) to an inner IPv6 TCP segment", () => {
    const vxlan = decode(ether(0x0800, outerUdp(4789, bytes([8, 0, 0, 0, 0, 0, 1, 0], ether(0x86dd, innerTcp6())))));
    expect(vxlan).toMatchObject({ src: "fd00::1", dst: "fd00::2", srcPort: 443, encapsulation: ENCAP_VXLAN });
    const option = [0x01, 0x02, 0x80, 0x01, 0xde, 0xad, 0xbe, 0xef];
    const geneve = decode(ether(0x0800, outerUdp(6081, bytes([2, 0, 0x65, 0x58, 0, 0, 1, 0], option, ether(0x86dd, innerTcp6())))));
    expect(geneve).toMatchObject({ src: "fd00::1", tcp: { flags: 0x12 }, encapsulation: ENCAP_GENEVE });
  });

  it("recognises a tunnel by the source port too (an endpoint answering from its well-known port)", () => {
    const inner = bytes([8, 0, 0, 0, 0, 0, 1, 0], ether(0x0800, innerUdp()));
    const p = decode(ether(0x0800, encodeIpPacket({ src: "192.0.2.1", dst: "192.0.2.2", srcPort: 4789, dstPort: 40001, payload: inner })));
    expect(p).toMatchObject({ src: "10.1.1.1", dstPort: 53, encapsulation: ENCAP_VXLAN });
    const plain = decode(ether(0x0800, encodeIpPacket({ src: "192.0.2.1", dst: "192.0.2.2", srcPort: 4788, dstPort: 40001, payload: inner })));
    expect(plain).toMatchObject({ src: "192.0.2.1", srcPort: 4788, encapsulation: 0 });
  });

  it("reads IP in IP, and stops at a bounded depth", () => {
    const once = decode(ether(0x0800, ipv4(4, innerUdp())));
    expect(once).toMatchObject({ src: "10.1.1.1", encapsulation: ENCAP_IP_IN_IP });
    let nested = innerUdp();
    for (let i = 0; i < 6; i++) nested = ipv4(4, nested);
    expect(decode(ether(0x0800, nested)).setAside).toBe("unsupported encapsulation: tunnels nested more than 4 deep");
  });

  it("reads 802.11 data frames and sets aside management, encrypted and cut ones", () => {
    const llc = bytes([0xaa, 0xaa, 3, 0, 0, 0], u16(0x0800), innerUdp());
    const header = (fc0: number, fc1: number) => [fc0, fc1, 0, 0, ...Array(18).fill(1), 0, 0];
    // QoS data (subtype 8): two more bytes of QoS control.
    expect(decode(bytes(header(0x88, 0x01), [0, 0], llc), 105)).toMatchObject({ src: "10.1.1.1", encapsulation: ENCAP_IEEE_802_11 | ENCAP_LLC_SNAP });
    expect(decode(bytes(header(0x80, 0), Array(12).fill(0)), 105).setAside).toBe("not IP: 802.11 management frame");
    expect(decode(bytes(header(0x08, 0x41), llc), 105).setAside).toBe("unsupported encapsulation: 802.11 encrypted");
    expect(decode(Uint8Array.of(0x08, 0x01, 0, 0, 1, 1), 105).setAside).toBe("malformed: 802.11 header cut short");
    // Radiotap with TSFT (8 bytes, aligned to 8) and flags saying the frame ends with its FCS:
    // an IP length 4 bytes longer than what precedes the FCS is cut short, the FCS is no IP byte.
    const radiotap = [0, 0, 17, 0, 3, 0, 0, 0, ...Array(8).fill(0), 0x10];
    const udp = innerUdp();
    udp[3] = udp[3]! + 4;
    const p = decode(bytes(radiotap, header(0x08, 0x01), [0xaa, 0xaa, 3, 0, 0, 0], u16(0x0800), udp, [1, 2, 3, 4]), 127);
    expect(p).toMatchObject({ src: "10.1.1.1", truncated: true, encapsulation: ENCAP_RADIOTAP | ENCAP_IEEE_802_11 | ENCAP_LLC_SNAP });
    expect(decode(bytes(radiotap.slice(0, 16), [0], header(0x08, 0x01), [0xaa, 0xaa, 3, 0, 0, 0], u16(0x0800), udp, [1, 2, 3, 4]), 127).truncated).toBe(false);
  });

  it("keeps precise reasons for what is still not decoded", () => {
    expect(decode(Uint8Array.of(1, 2, 3, 4), 147).setAside).toBe("unsupported link type 147 (USER0)");
    // NFLOG with only a prefix TLV (type 10), no packet.
    expect(decode(Uint8Array.of(2, 0, 0, 0, 8, 0, 10, 0, 0x61, 0x62, 0, 0), 239).setAside).toBe("not IP: NFLOG record without a packet");
    // PKTAP wrapping PKTAP.
    const pktap = Uint8Array.from([...[8, 0, 0, 0, 258 & 0xff, 1, 0, 0], ...innerUdp()]);
    expect(decode(pktap, 258).setAside).toBe("malformed: PKTAP header cut short");
  });
});
