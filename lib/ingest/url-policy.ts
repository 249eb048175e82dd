// Which addresses an import by URL may reach. The server fetching on a user's behalf must not be
// a way into what only it can reach (the cloud's metadata service, the database, the LAN): the
// resolved address is checked, not the name, and an allow-list (HINDSIGHT_URL_ALLOW) opens named
// hosts or ranges deliberately. Pure: the fetcher resolves, this decides.
import { BlockList, isIP } from "node:net";

export type UrlRefusal = { host: string; address: string | null; reason: string };

const REFUSED: Array<[cidr: string, reason: string]> = [
  ["127.0.0.0/8", "loopback"],
  ["::1/128", "loopback"],
  ["169.254.0.0/16", "link-local (cloud metadata services live here)"],
  ["fe80::/10", "link-local"],
  ["10.0.0.0/8", "private"],
  ["172.16.0.0/12", "private"],
  ["192.168.0.0/16", "private"],
  ["fc00::/7", "private (IPv6 unique local)"],
  ["100.64.0.0/10", "carrier-grade NAT (shared address space)"],
  ["0.0.0.0/8", "unspecified"],
  ["::/128", "unspecified"],
  ["224.0.0.0/4", "multicast"],
  ["ff00::/8", "multicast"],
  ["255.255.255.255/32", "broadcast"],
];

function blockOf(cidr: string): { list: BlockList; family: "ipv4" | "ipv6" } {
  const [net, bits] = cidr.split("/") as [string, string | undefined];
  const family = isIP(net) === 6 ? "ipv6" : "ipv4";
  const list = new BlockList();
  list.addSubnet(net, bits === undefined ? (family === "ipv6" ? 128 : 32) : Number(bits), family);
  return { list, family };
}

const REFUSED_BLOCKS = REFUSED.map(([cidr, reason]) => ({ ...blockOf(cidr), reason }));

/** `::ffff:127.0.0.1` and `::ffff:7f00:1` are IPv4 addresses in IPv6 clothing: judged as IPv4. */
export function normaliseAddress(address: string): string {
  const a = address.toLowerCase().replace(/^\[|\]$/g, "");
  const mapped = /^(?:(?:0{1,4}:){5}|::(?:0{1,4}:)?)ffff:(.+)$/.exec(a);
  if (!mapped || isIP(a) !== 6) return a;
  const rest = mapped[1]!;
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(rest);
  if (!hex) return a;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

export type UrlAllowList = { hosts: Set<string>; blocks: Array<{ list: BlockList; family: "ipv4" | "ipv6" }> };

/** HINDSIGHT_URL_ALLOW: comma-separated host names, addresses or CIDR ranges. */
export function parseAllowList(raw: string | undefined): UrlAllowList {
  const allow: UrlAllowList = { hosts: new Set(), blocks: [] };
  for (const entry of (raw ?? "").split(",").map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    const [net, bits] = entry.split("/") as [string, string | undefined];
    const ip = isIP(net.replace(/^\[|\]$/g, ""));
    if (!ip) {
      if (bits !== undefined || !/^[a-z0-9.-]+$/.test(entry)) throw new Error(`HINDSIGHT_URL_ALLOW: ${JSON.stringify(entry)} is neither a host name, an address nor a CIDR range such as 10.1.0.0/16.`);
      allow.hosts.add(entry);
      continue;
    }
    const max = ip === 6 ? 128 : 32;
    const width = bits === undefined ? max : Number(bits);
    if (!Number.isInteger(width) || width < 0 || width > max) throw new Error(`HINDSIGHT_URL_ALLOW: ${JSON.stringify(entry)} has no valid prefix length (0-${max}).`);
    allow.blocks.push(blockOf(`${normaliseAddress(net)}/${ip === 6 && isIP(normaliseAddress(net)) === 4 ? Math.max(0, width - 96) : width}`));
  }
  return allow;
}

const inBlock = (b: { list: BlockList; family: "ipv4" | "ipv6" }, address: string) => isIP(address) === (b.family === "ipv6" ? 6 : 4) && b.list.check(address, b.family);

/** Null when `host` (as the URL names it) may be fetched at `address` (as it resolved), else why not. */
export function refusalOf(host: string, address: string, allow: UrlAllowList): UrlRefusal | null {
  const name = host.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  const a = normaliseAddress(address);
  if (allow.hosts.has(name) || allow.hosts.has(a) || allow.blocks.some((b) => inBlock(b, a))) return null;
  const hit = REFUSED_BLOCKS.find((b) => inBlock(b, a));
  if (!hit) return null;
  return { host: name, address: a, reason: `${a} is a ${hit.reason} address; imports reach only public addresses unless HINDSIGHT_URL_ALLOW names the host or its range` };
}
