// The capture formats ingest can detect and parse, in sniffing order (binary magics first).
import type { FormatInfo, StreamParser } from "../types";
import type { CaptureParserOptions, CaptureSink } from "./packet";
import { createPcapParser, pcapFormat } from "./pcap";
import { createPcapngParser, pcapngFormat } from "./pcapng";
import { createSnoopParser, snoopFormat } from "./snoop";
import { createTcpdumpTextParser, tcpdumpTextFormat, type TcpdumpTextOptions } from "./tcpdump-text";
import { createTsharkFieldsParser, tsharkFieldsFormat } from "./tshark-fields";

/** Options for any capture parser; each format uses the ones that apply to it. */
export type CaptureFormatOptions = CaptureParserOptions & TcpdumpTextOptions;

export interface CaptureFormat extends FormatInfo {
  kind: "pcap" | "pcapng" | "snoop" | "tcpdump-text" | "tshark-fields";
  create(sink: CaptureSink, options?: CaptureFormatOptions): StreamParser;
}

export const CAPTURE_FORMATS: readonly CaptureFormat[] = [
  { ...pcapFormat, kind: "pcap", create: createPcapParser },
  { ...pcapngFormat, kind: "pcapng", create: createPcapngParser },
  { ...snoopFormat, kind: "snoop", create: createSnoopParser },
  { ...tsharkFieldsFormat, kind: "tshark-fields", create: (sink) => createTsharkFieldsParser(sink) },
  { ...tcpdumpTextFormat, kind: "tcpdump-text", create: createTcpdumpTextParser },
];
