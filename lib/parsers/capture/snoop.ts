// Solaris snoop capture files (RFC 1761; what `snoop -o` writes, and `editcap -F snoop`):
// a 16-byte file header ("snoop\0\0\0", version 2, datalink type) and records of a 24-byte
// header, the packet and padding to a 4-byte boundary. Everything is big-endian; timestamps
// are seconds and microseconds.
import type { FormatInfo, StreamParser } from "../types";
import { LINKTYPE } from "./link-layer";
import type { CaptureParserOptions, CaptureSink } from "./packet";
import { headedCaptureParser, PacketFraming } from "./packet-framing";
import { unsupportedEncapsulation } from "./set-aside";

const FILE_HEADER = 16;
const RECORD_HEADER = 24;
const MAGIC = [0x73, 0x6e, 0x6f, 0x6f, 0x70, 0, 0, 0]; // "snoop\0\0\0"
/** Records longer than this mean a corrupt file (as for pcap: Wireshark's limit). */
const MAX_RECORD = 262144;

/** RFC 1761 datalink types → LINKTYPE (Wireshark's mapping: 802.3 frames are read as Ethernet). */
const DATALINK_LINKTYPES: Record<number, number> = { 0: LINKTYPE.ETHERNET, 2: 6 /* Token Ring */, 4: LINKTYPE.ETHERNET, 8: 10 /* FDDI */ };
const DATALINK_NAMES: Record<number, string> = {
  1: "IEEE 802.4 Token Bus", 3: "IEEE 802.6 Metro Net", 5: "HDLC", 6: "Character Synchronous", 7: "IBM Channel-to-Channel",
  9: "Other", 10: "Frame Relay LAPF", 11: "Frame Relay", 12: "Character Async", 13: "X.25", 14: "loopback", 16: "Fibre Channel",
  17: "ATM", 18: "ATM Classical IP", 19: "X.25 LAPB", 20: "ISDN", 21: "HIPPI", 26: "InfiniBand",
};

const u32 = (b: Uint8Array, p: number) => ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;

function isSnoop(b: Uint8Array): boolean {
  return b.length >= 8 && MAGIC.every((m, i) => b[i] === m);
}

class SnoopFraming extends PacketFraming {
  private headerSeen = false;
  private linkType = 0;
  /** Set when the datalink has no LINKTYPE: every packet is set aside with it. */
  private unsupported: string | null = null;

  get records(): number {
    return this.frame;
  }

  get started(): boolean {
    return this.headerSeen;
  }

  headerLength(): number {
    return this.headerSeen ? RECORD_HEADER : FILE_HEADER;
  }

  recordLength(b: Uint8Array, off: number): number {
    if (!this.headerSeen) {
      if (!isSnoop(b.subarray(off, off + 8))) {
        this.sink.reject({ line: 0, message: "not a snoop file (no \"snoop\" identification pattern)" });
        return -1;
      }
      const version = u32(b, off + 8);
      if (version !== 2) {
        this.sink.reject({ line: 0, message: `snoop version ${version} is not supported (only version 2, RFC 1761)` });
        return -1;
      }
      return FILE_HEADER;
    }
    const included = u32(b, off + 4);
    const length = u32(b, off + 8);
    if (included > MAX_RECORD || length > MAX_RECORD + RECORD_HEADER + 4 || length < RECORD_HEADER + included) {
      this.sink.reject({
        line: this.frame + 1,
        message: `record ${this.frame + 1} has a bad length (captured ${included}, record ${length}): corrupt file, stopped reading`,
      });
      return -1;
    }
    return length;
  }

  record(b: Uint8Array, off: number): boolean {
    if (!this.headerSeen) {
      this.readFileHeader(b, off);
      return true;
    }
    const wire = u32(b, off);
    const included = u32(b, off + 4);
    const ts = u32(b, off + 16) * 1e6 + u32(b, off + 20);
    const p = this.decoder.decode(b, off + RECORD_HEADER, included, wire, this.linkType, ++this.frame, ts, false, 0);
    if (this.unsupported) {
      p.setAside = this.unsupported;
      p.malformed = null;
    }
    this.sink.packet(p);
    return true;
  }

  private readFileHeader(b: Uint8Array, off: number): void {
    const datalink = u32(b, off + 12);
    const linkType = DATALINK_LINKTYPES[datalink];
    // A LINKTYPE no decoder knows, so decoding stops at once; the reason names the snoop type.
    this.linkType = linkType ?? 0xffff;
    if (linkType === undefined) {
      this.unsupported = unsupportedEncapsulation(`snoop datalink type ${datalink}${DATALINK_NAMES[datalink] ? ` (${DATALINK_NAMES[datalink]})` : ""}`);
    }
    this.headerSeen = true;
  }
}

export function createSnoopParser(sink: CaptureSink, options?: CaptureParserOptions): StreamParser {
  return headedCaptureParser(new SnoopFraming(sink, options), sink, "snoop");
}

export const snoopFormat: FormatInfo = {
  kind: "snoop",
  label: "snoop capture (Solaris, RFC 1761)",
  sniff: isSnoop,
};
