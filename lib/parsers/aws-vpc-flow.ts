// AWS VPC flow logs, S3 text delivery: an optional header line naming the fields (any order and
// subset, versions 2–8), then one space-separated record per line; no header means the default v2
// format (or `options.fields`). A header line anywhere (concatenated objects) switches the mapping.
// Lines are cut out of one string per chunk rather than one string per line as LineSplitter does
// (that per-line decode alone cost a third of the parse time), and records are decoded by the
// hand-written VpcRecordDecoder. Upload ingest does not use this parser for S3 text: it takes the
// byte-level fast path in lib/ingest/aws-flow-fast.ts, which must give identical results.
import type { FlowSink } from "./flow-record";
import { headLines } from "./flow-util";
import type { FormatInfo, StreamParser } from "./types";
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
  private carry: Buffer | null = null;
  private lineNumber = 0;
  private first = true;

  constructor(private readonly onLine: RangeHandler) {}

  write(chunk: Uint8Array): void {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    if (this.carry) {
      // Complete the carried partial line on its own rather than copying the whole chunk after it.
      const nl = buf.indexOf(10);
      if (nl === -1) {
        this.carry = Buffer.concat([this.carry, buf]);
        return;
      }
      this.lines(Buffer.concat([this.carry, buf.subarray(0, nl + 1)]).toString("utf8"));
      this.carry = null;
      from = nl + 1;
    }
    const last = buf.lastIndexOf(10);
    if (last >= from) this.lines(buf.toString("utf8", from, last + 1));
    const rest = Math.max(last + 1, from);
    if (rest < buf.length) this.carry = Buffer.from(buf.subarray(rest));
  }

  end(): void {
    if (this.carry) this.lines(this.carry.toString("utf8") + "\n");
    this.carry = null;
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
      this.onLine(text, s, nl > s && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, ++this.lineNumber);
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
  });
}
