// Address validation before COPY: one malformed address would make Postgres reject the whole
// upload, so bad ones are caught per line. Hand-written IPv4 check (the common case on every
// row, several times faster than net.isIP); IPv6 falls back to node:net.
import { isIPv6 } from "node:net";

export function isIpAddress(s: string): boolean {
  const n = s.length;
  if (n >= 7 && n <= 15) {
    let octets = 0;
    let value = 0;
    let digits = 0;
    for (let i = 0; i <= n; i++) {
      const c = i === n ? 46 : s.charCodeAt(i);
      if (c === 46) {
        if (digits === 0 || value > 255) return false;
        octets++;
        value = 0;
        digits = 0;
      } else if (c >= 48 && c <= 57 && digits < 3) {
        value = value * 10 + (c - 48);
        digits++;
      } else {
        break;
      }
    }
    if (octets === 4 && value === 0 && digits === 0) return true;
  }
  // Postgres inet has no zone ids (fe80::1%eth0).
  return s.indexOf("%") === -1 && isIPv6(s);
}

/** Parses an IP or CIDR filter value; returns the canonical text or null when invalid. */
export function parseCidr(value: string): string | null {
  const [addr, bits, extra] = value.trim().split("/");
  if (!addr || extra !== undefined || !isIpAddress(addr)) return null;
  if (bits === undefined) return addr;
  const max = addr.includes(":") ? 128 : 32;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return null;
  return `${addr}/${bits}`;
}
