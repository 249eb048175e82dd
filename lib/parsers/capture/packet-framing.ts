// What the binary capture framings (pcap, pcapng, snoop) share: the decoder their packet records
// go through, the running frame number, and the end of the file, when reassembly hands the sink
// what it did and gave up.
import { FrameDecoder } from "./frame-decoder";
import { dnsPortTable, type CaptureParserOptions, type CaptureSink } from "./packet";
import type { RecordFraming } from "./record-stream";

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
