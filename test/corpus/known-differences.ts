// Reviewed differences between tshark and Hindsight on corpus files: file → why. Only where the
// difference is understood; each entry should go once a decoder makes the file agree (the corpus
// test fails on an entry whose file no longer differs, so the list only shrinks).
const BIG_TCP =
  "BIG TCP: one GSO segment above 64 KiB whose length field is 0 (IPv6 payload length, or the tunnel's UDP length). tshark 4.0 calls the length malformed and decodes no TCP (tcpdump prints it cut short too); Hindsight takes the length from the capture, as Linux's BIG TCP does, and counts the one TCP segment (tcp.other 0 → 1)";

const DNS_8053 =
  "DNS on port 8053: tshark decodes DNS only on its registered ports; Hindsight also finds it by content (a strict header, question and records) and counts it once the query and its answer pair up (dns.queries and answered 0 → 1)";

export const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  "bigtcp-ipv6.pcap": BIG_TCP,
  "bigtcp-ipv4-geneve-ipv4.pcap": BIG_TCP,
  "bigtcp-ipv4-geneve-ipv6.pcap": BIG_TCP,
  "bigtcp-ipv4-vxlan-ipv4.pcap": BIG_TCP,
  "bigtcp-ipv4-vxlan-ipv6.pcap": BIG_TCP,
  "bigtcp-ipv6-geneve-ipv4.pcap": BIG_TCP,
  "bigtcp-ipv6-geneve-ipv6.pcap": BIG_TCP,
  "bigtcp-ipv6-vxlan-ipv4.pcap": BIG_TCP,
  "bigtcp-ipv6-vxlan-ipv6.pcap": BIG_TCP,
  "LINKTYPE_IPV6_invalid.pcap":
    "an IPv4 packet in a LINKTYPE_IPV6 (229) file: tshark stops at the 'bogus IPv6 version'; Hindsight reads the IP header by its version nibble and counts the DNS query in it (dns.queries 0 → 1)",
  "dns_udp_2.pcap":
    "the response is cut by the snaplen (98 of 266 bytes): tshark's DNS dissector throws at the cut before it pairs the response with its query (no dns.time); Hindsight pairs on the header and counts the answer, 130.36 ms",
  "dns_udp_8053.pcap": DNS_8053,
  "dns_tcp_8053.pcap": DNS_8053,
  "rtp-seg-fault-1.pcapng":
    "a 'DNS query' of 9 bytes (the IP total length leaves 9 bytes of UDP payload): tshark counts it from its id and flags and marks it malformed; Hindsight decodes no DNS message shorter than its 12-byte header, and the upload's notes say so ('1 packets on a DNS port held no decodable DNS message …')",
};
