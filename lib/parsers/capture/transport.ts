// TCP and UDP headers: ports, TCP flags/sequence numbers/options, and where the payload is.
import type { TcpInfo } from "./packet";

export const PROTO_TCP = 6;
export const PROTO_UDP = 17;

/** Result of decodeTcp/decodeUdp, reused between calls. */
export interface TransportResult {
  srcPort: number;
  dstPort: number;
  /** The payload's captured bytes are b[payloadOffset, payloadEnd). */
  payloadOffset: number;
  payloadEnd: number;
  /** Payload length per the headers (may exceed the captured bytes). */
  payloadLength: number;
  error: string | null;
}

export function newTransportResult(): TransportResult {
  return { srcPort: 0, dstPort: 0, payloadOffset: 0, payloadEnd: 0, payloadLength: 0, error: null };
}

/**
 * Decodes the TCP header at b[off]; `segmentLength` is the IP payload length and `end` the end of
 * the captured IP payload. Returns the TCP fields, or null with out.error when the header is bad
 * or cut short.
 */
export function decodeTcp(b: Uint8Array, off: number, segmentLength: number, end: number, out: TransportResult): TcpInfo | null {
  out.error = null;
  if (end - off < 20) return tcpFail(out, "TCP header cut short");
  const headerLength = (b[off + 12]! >> 4) * 4;
  if (headerLength < 20) return tcpFail(out, `TCP header length ${headerLength} < 20`);
  out.srcPort = (b[off]! << 8) | b[off + 1]!;
  out.dstPort = (b[off + 2]! << 8) | b[off + 3]!;
  out.payloadOffset = off + headerLength;
  out.payloadEnd = Math.min(off + segmentLength, end);
  out.payloadLength = Math.max(0, segmentLength - headerLength);
  const info: TcpInfo = {
    flags: b[off + 13]! | ((b[off + 12]! & 1) << 8),
    seq: u32(b, off + 4),
    ack: u32(b, off + 8),
    payloadLength: out.payloadLength,
    window: (b[off + 14]! << 8) | b[off + 15]!,
    mss: null,
    windowScale: null,
  };
  if (headerLength > 20) readOptions(b, off + 20, Math.min(off + headerLength, end), info);
  return info;
}

/** MSS (kind 2) and window scale (kind 3); the walk stops at EOL or a malformed option. */
function readOptions(b: Uint8Array, p: number, end: number, info: TcpInfo): void {
  while (p < end) {
    const kind = b[p]!;
    if (kind === 0) return;
    if (kind === 1) {
      p++;
      continue;
    }
    if (p + 1 >= end) return;
    const len = b[p + 1]!;
    if (len < 2 || p + len > end) return;
    if (kind === 2 && len === 4) info.mss = (b[p + 2]! << 8) | b[p + 3]!;
    else if (kind === 3 && len === 3) info.windowScale = b[p + 2]!;
    p += len;
  }
}

/** Decodes the UDP header at b[off]; arguments as for decodeTcp. False → out.error. */
export function decodeUdp(b: Uint8Array, off: number, datagramLength: number, end: number, out: TransportResult): boolean {
  out.error = null;
  if (end - off < 8) {
    out.error = "UDP header cut short";
    return false;
  }
  const length = (b[off + 4]! << 8) | b[off + 5]!;
  if (length < 8) {
    out.error = `UDP length ${length} < 8`;
    return false;
  }
  out.srcPort = (b[off]! << 8) | b[off + 1]!;
  out.dstPort = (b[off + 2]! << 8) | b[off + 3]!;
  out.payloadOffset = off + 8;
  // Per the UDP header: a first IP fragment holds less than this, which marks the DNS as cut.
  out.payloadLength = length - 8;
  out.payloadEnd = Math.min(off + length, off + datagramLength, end);
  return true;
}

function tcpFail(out: TransportResult, error: string): null {
  out.error = error;
  return null;
}

function u32(b: Uint8Array, p: number): number {
  return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
}
