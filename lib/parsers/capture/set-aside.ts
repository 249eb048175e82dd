// Why a packet was set aside (CapturePacket.setAside) and which layers wrapped its IP header
// (CapturePacket.encapsulation). Reasons are short strings from a small set, built once and
// cached, so the per-packet cost is a pointer; the upload reports them with their counts.

export const BAD_TIMESTAMP = "bad timestamp (outside 1970 to now + 1 day)";
export const NOT_IP = "not IP";

const LINK_TYPE_NAMES: Record<number, string> = {
  6: "Token Ring", 9: "PPP", 10: "FDDI", 50: "PPP in HDLC", 100: "ATM RFC 1483", 104: "Cisco HDLC",
  105: "IEEE 802.11", 107: "Frame Relay", 119: "802.11 Prism", 123: "SunATM", 127: "802.11 radiotap",
  129: "ARCNET Linux", 132: "Juniper PPPoE", 137: "Juniper ES", 147: "USER0", 149: "PKTAP (user 2)",
  160: "USER13", 163: "802.11 AVS", 164: "Juniper Monitor", 178: "Juniper Ethernet", 182: "MTP2 with PHDR",
  195: "IEEE 802.15.4", 226: "Solaris IPNET", 231: "D-Bus", 239: "NFLOG", 242: "IPoIB (not standard)",
  258: "PKTAP", 271: "vsock", 281: "Broadcom tag", 282: "Broadcom tag prepended", 284: "Marvell DSA",
  285: "Marvell EDSA",
};

const ETHERTYPE_NAMES: Record<number, string> = {
  0x0806: "ARP", 0x8035: "RARP", 0x809b: "AppleTalk", 0x80f3: "AARP", 0x8137: "IPX", 0x6003: "DECnet",
  0x6004: "DEC LAT", 0x88cc: "LLDP", 0x8809: "slow protocols (LACP)", 0x888e: "EAPOL", 0x88a2: "ATA over Ethernet",
  0x8863: "PPPoE discovery", 0x88f7: "PTP", 0x9000: "loopback", 0x8808: "pause", 0x88e5: "MACsec",
  0x8902: "CFM", 0x8906: "FCoE", 0x8914: "FIP", 0x893a: "IEEE 1905", 0x22f0: "AVTP", 0x88b5: "local experimental",
  0x88b6: "local experimental", 0x8899: "Realtek", 0x889a: "Realtek", 0x88e7: "PBB (not decodable)",
  0x894f: "NSH", 0x8942: "Geoconf", 0x9100: "QinQ", 0x8870: "jumbo", 0x872d: "Cisco", 0x0842: "Wake-on-LAN",
};

const cache = new Map<string, string>();
const cached = (key: string, make: () => string) => cache.get(key) ?? (cache.set(key, make()), cache.get(key)!);
const hex4 = (n: number) => `0x${n.toString(16).padStart(4, "0")}`;

export function unsupportedLinkType(linkType: number): string {
  return cached(`l${linkType}`, () => `unsupported link type ${linkType}${LINK_TYPE_NAMES[linkType] ? ` (${LINK_TYPE_NAMES[linkType]})` : ""}`);
}

/** An EtherType that is neither IP nor a layer Hindsight decodes through. */
export function notIpEtherType(etherType: number): string {
  return cached(`e${etherType}`, () => `not IP: EtherType ${hex4(etherType)}${ETHERTYPE_NAMES[etherType] ? ` (${ETHERTYPE_NAMES[etherType]})` : ""}`);
}

/** Any other frame that carries no IP (an LLC SAP, a PPP protocol, an 802.11 management frame…). */
export function notIp(what: string): string {
  return cached(`n${what}`, () => `${NOT_IP}: ${what}`);
}

/** A layer Hindsight recognises but cannot look into (e.g. encrypted, or an unknown tunnel payload). */
export function unsupportedEncapsulation(what: string): string {
  return cached(`u${what}`, () => `unsupported encapsulation: ${what}`);
}

/** A link/IP/transport header that does not parse (the message of the layer decoder). */
export function malformed(message: string): string {
  return cached(`m${message}`, () => `malformed: ${message}`);
}

/** Distinct reasons kept per upload; the rest are counted under OTHER_REASONS. */
export const MAX_REASONS = 48;
export const OTHER_REASONS = "other reasons (too many distinct ones to list)";

// Encapsulations around the IP header Hindsight counts, one bit each (CapturePacket.encapsulation).
export const ENCAP_VLAN = 1 << 0;
export const ENCAP_MPLS = 1 << 1;
export const ENCAP_PPPOE = 1 << 2;
export const ENCAP_LLC_SNAP = 1 << 3;
export const ENCAP_PBB = 1 << 4;
export const ENCAP_VNTAG = 1 << 5;
export const ENCAP_FABRICPATH = 1 << 6;
export const ENCAP_GRE = 1 << 7;
export const ENCAP_ERSPAN = 1 << 8;
export const ENCAP_VXLAN = 1 << 9;
export const ENCAP_GENEVE = 1 << 10;
export const ENCAP_IP_IN_IP = 1 << 11;
export const ENCAP_PPP = 1 << 12;
export const ENCAP_RADIOTAP = 1 << 13;
export const ENCAP_IEEE_802_11 = 1 << 14;
export const ENCAP_DSA = 1 << 15;
export const ENCAP_MACSEC = 1 << 16;
export const ENCAP_CISCO_METADATA = 1 << 17;
export const ENCAP_NSH = 1 << 18;

export const ENCAPSULATION_NAMES: readonly string[] = [
  "802.1Q/802.1ad VLAN", "MPLS", "PPPoE", "802.2 LLC/SNAP", "802.1ah PBB", "VN-Tag", "Cisco FabricPath", "GRE",
  "ERSPAN", "VXLAN", "Geneve", "IP in IP", "PPP", "radiotap", "IEEE 802.11", "switch tag (DSA/Broadcom)", "MACsec",
  "Cisco MetaData", "NSH",
];

/** Names of the bits set in `mask`, in bit order. */
export function encapsulationNames(mask: number): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < ENCAPSULATION_NAMES.length; bit++) if (mask & (1 << bit)) names.push(ENCAPSULATION_NAMES[bit]!);
  return names;
}
