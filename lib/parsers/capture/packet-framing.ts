// What the binary capture framings (pcap, pcapng, snoop) share: the decoder their packet records
// go through, the running frame number, and the end of the file, when reassembly hands the sink
// what it did and gave up.
import type { StreamParser } from "../types";
import { FrameDecoder } from "./frame-decoder";
import { dnsPortTable, type CaptureParserOptions, type CaptureSink } from "./packet";
import { RecordStream, type RecordFraming } from "./record-stream";

export abstract class PacketFraming implements RecordFraming {
  protected readonly decoder: FrameDecoder;
  /** Packet records seen so far (kept or not): the next one's Wireshark frame number minus 1. */
  protected frame = 0;

  constructor(
    protected readonly sink: CaptureSink,
    options?: CaptureParserOptions,
  ) {
    this.decoder = new FrameDecoder(dnsPortTable(options), options);
  }

  /** End of the file: hands the sink what reassembly did and gave up. */
  finishDecoding(): void {
    this.sink.reassembly?.(this.decoder.finish());
  }

  abstract headerLength(): number;
  abstract recordLength(b: Uint8Array, off: number): number;
  abstract record(b: Uint8Array, off: number, length: number): boolean;
}

/** A framing whose file opens with one header, then packet records (pcap, snoop). */
export interface HeadedFraming extends PacketFraming {
  /** The file header was read. */
  readonly started: boolean;
  /** Packet records seen (kept or not). */
  readonly records: number;
}

/** The stream parser over such a framing: an empty, short or cut file is rejected with what it lacks. */
export function headedCaptureParser(framing: HeadedFraming, sink: CaptureSink, format: string): StreamParser {
  const stream = new RecordStream(framing);
  let bytes = 0;
  return {
    write(chunk) {
      bytes += chunk.length;
      stream.write(chunk);
    },
    end() {
      framing.finishDecoding();
      if (stream.isStopped) return;
      if (bytes === 0) sink.reject({ line: 0, message: "empty file" });
      else if (!framing.started) sink.reject({ line: 0, message: `file too short for a ${format} header (${bytes} bytes)` });
      else if (stream.pendingBytes > 0) {
        sink.reject({ line: framing.records + 1, message: `file ends inside packet ${framing.records + 1} (${stream.pendingBytes} bytes of it present)` });
      }
    },
  };
}
