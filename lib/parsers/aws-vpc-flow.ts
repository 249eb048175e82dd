// AWS VPC flow logs, S3 text delivery: an optional header line naming the fields (any order and
// subset, versions 2–8), then one space-separated record per line; no header means the default v2
// format (or `options.fields`). A header line anywhere (concatenated objects) switches the mapping.
// Lines are cut out of one string per chunk rather than one string per line as LineSplitter does
// (that per-line decode alone cost a third of the parse time), and records are decoded by the
// hand-written VpcRecordDecoder. Upload ingest does not use this parser for S3 text: it takes the
// byte-level fast path in lib/ingest/aws-flow-fast.ts, which must give identical results.
import type { FlowSink } from "./flow-record";
import { headLines } from "./flow-util";
import { LineCarry, MAX_LINE_BYTES, oversizedLine } from "./line-splitter";
import type { FormatInfo, RejectSink, StreamParser } from "./types";
import { DEFAULT_V2_FIELDS, VpcRecordDecoder, headerFields, isMappedField, type VpcFlowOptions } from "./vpc-record";

export type { VpcFlowOptions };

const V2_RECORD =
  /^2 (\d+|unknown|-) (eni-[0-9a-f]+|-) \S+ \S+ (\d+|-) (\d+|-) (\d+|-) (\d+|-) (\d+|-) \d+ \d+ (ACCEPT|REJECT|-) (OK|NODATA|SKIPDATA)$/;

export const awsVpcFlowFormat: FormatInfo = {
  kind: "aws-vpc-flow",
  label: "AWS VPC flow logs",
  sniff(head) {
    const lines = headLines(head, 6);
    const first = lines[0];
    if (first === undefined) return false;
    const header = headerFields(first);
    if (header) return header.filter(isMappedField).length >= 2;
    return lines.every((l) => V2_RECORD.test(l));
  },
};

type RangeHandler = (text: string, from: number, to: number, lineNumber: number) => void;

/** LineSplitter's contract (LF/CRLF, BOM, lines across chunks), but one UTF-8 decode per chunk. */
class ChunkLines {
  private readonly carry: LineCarry;
  private lineNumber = 0;
  private first = true;

  constructor(
    private readonly onLine: RangeHandler,
    private readonly sink: RejectSink,
  ) {
    this.carry = new LineCarry(sink);
  }

  write(chunk: Uint8Array): void {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    if (!this.carry.empty) {
      // Complete the carried partial line on its own rather than copying the whole chunk after it.
      const nl = buf.indexOf(10);
      if (nl === -1) {
        this.carry.add(buf);
        return;
      }
      this.carried(buf.subarray(0, nl + 1));
      from = nl + 1;
    }
    const last = buf.lastIndexOf(10);
    if (last >= from) this.lines(buf.toString("utf8", from, last + 1));
    const rest = Math.max(last + 1, from);
    if (rest < buf.length) this.carry.add(buf.subarray(rest));
  }

  end(): void {
    if (!this.carry.empty) this.carried(Buffer.of(10));
  }

  private carried(tail: Buffer): void {
    const line = this.carry.finish(tail, this.lineNumber + 1);
    if (line) this.lines(line.toString("utf8"));
    else this.lineNumber++;
  }

  private lines(text: string): void {
    let s = 0;
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) s = 1;
    }
    for (;;) {
      const nl = text.indexOf("\n", s);
      if (nl === -1) return;
      const lineNumber = ++this.lineNumber;
      // Characters, not bytes: a line within the byte limit never exceeds it.
      if (nl - s > MAX_LINE_BYTES) this.sink.reject(oversizedLine(lineNumber, nl - s));
      else this.onLine(text, s, nl > s && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, lineNumber);
      s = nl + 1;
    }
  }
}

export function createAwsVpcFlowParser(sink: FlowSink, options: VpcFlowOptions = {}): StreamParser {
  let decoder = new VpcRecordDecoder(options.fields ?? DEFAULT_V2_FIELDS, sink);
  return new ChunkLines((text, from, to, lineNumber) => {
    const c = text.charCodeAt(from);
    if (c >= 97 && c <= 122) {
      const fields = headerFields(text, from, to);
      if (fields) {
        decoder = new VpcRecordDecoder(fields, sink);
        return;
      }
    }
    decoder.decode(text, from, to, lineNumber, null);
  }, sink);
}
