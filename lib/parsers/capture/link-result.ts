// The reused result of the link-layer and tunnel decoders (link-layer.ts, ethernet.ts,
// link-types.ts, tunnels.ts): where the network-layer header starts and what it is.
import { malformed } from "./set-aside";

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;

/** Result of `decodeLink` / `decodeTunnel`, reused between calls (no allocation on the hot path). */
export interface LinkResult {
  /** Offset of the network-layer header. */
  offset: number;
  /** End of the captured network-layer bytes (before a trailing FCS, an 802.3 or PPPoE length). */
  end: number;
  /** ETHERTYPE_IPV4, ETHERTYPE_IPV6, another EtherType, or 0 when the frame carries no IP. */
  etherType: number;
  /** Set when the frame could not be decoded. */
  error: string | null;
  /**
   * The set-aside reason (set-aside.ts) when decoding failed, or when the frame carries no IP and
   * `etherType` does not say why (an LLC frame, an unknown address family); null otherwise.
   */
  reason: string | null;
  /** ENCAP_* bits of the layers crossed (VLAN tags, MPLS, LLC/SNAP…). */
  encap: number;
}

export function newLinkResult(): LinkResult {
  return { offset: 0, end: 0, etherType: 0, error: null, reason: null, encap: 0 };
}

/** A header that could not be decoded: the message for CapturePacket.malformed and its reason. */
export interface LinkFailure {
  readonly error: string;
  readonly reason: string;
}

export function linkFailure(error: string): LinkFailure {
  return { error, reason: malformed(error) };
}

/** `<what> cut short`, built once per layer. */
export function cutShort(what: string): LinkFailure {
  return linkFailure(`${what} cut short`);
}

export function fail(out: LinkResult, failure: LinkFailure): false {
  out.error = failure.error;
  out.reason = failure.reason;
  return false;
}

/** The frame decodes but carries no IP: `reason` says what it is. */
export function notIpFrame(out: LinkResult, reason: string): true {
  out.etherType = 0;
  out.reason = reason;
  return true;
}

export const LINK_CUT = cutShort("link-layer header");
