// AWS VPC and Transit Gateway flow logs, S3 text delivery: an optional header line naming the
// fields (any order and subset, versions 2–8), then one space-separated record per line. Without a
// header the layout is `options.fields`, else the standard layout the first record fits (v2
// default, all fields of v3–v8, Transit Gateway v6: vpc-layouts.ts). A header line anywhere
// (concatenated objects) switches the mapping.
// Lines are cut out of one string per chunk rather than one string per line as LineSplitter does
// (that per-line decode alone cost a third of the parse time), and records are decoded by the
// hand-written VpcRecordDecoder. Upload ingest does not use this parser for S3 text: it takes the
// byte-level fast path in lib/ingest/aws-flow-fast.ts, which must give identical results.
import type { FlowSink } from "./flow-record";
import { headLines } from "./flow-util";
import { LineCarry, MAX_LINE_BYTES, oversizedLine } from "./line-splitter";
import type { FormatInfo, RejectSink, StreamParser } from "./types";
import { HeaderlessVpcRecords, noLayoutMessage, standardLayoutOf } from "./vpc-layouts";
import { VpcRecordDecoder, headerFields, isMappedField, looksLikeVpcRecord, type VpcFlowOptions } from "./vpc-record";

export type { VpcFlowOptions };

export const awsVpcFlowFormat: FormatInfo = {
  kind: "aws-vpc-flow",
  label: "AWS VPC flow logs",
  sniff(head) {
    const lines = headLines(head, 6);
    const first = lines[0];
    if (first === undefined) return false;
    const header = headerFields(first);
    if (header) return header.filter(isMappedField).length >= 2;
    // Most lines, not all: a bad record near the top must not hide the file (it is rejected with its line).
    return lines.filter((l) => standardLayoutOf(l) !== null).length * 2 >= lines.length;
  },
};

/** With the user's field list: every record line of the head (a header aside) decodes in it. */
export function sniffAwsVpcFlowWithFields(head: Uint8Array, fields: readonly string[]): boolean {
  const lines = headLines(head, 6);
  let ok = lines.length > 0;
  const sink = { flow() {}, gap() {}, reject: () => (ok = false) };
  const decoder = new VpcRecordDecoder(fields, sink);
  for (const [i, line] of lines.entries()) {
    if (i === 0 && headerFields(line)) continue;
    decoder.decode(line, 0, line.length, i + 1, null);
  }
  return ok;
}

/**
 * Why a head no format claimed is still not S3 text: headerless records that look like flow
 * records but fit no standard layout (the refusal then says what was tried). Null otherwise.
 */
export function awsVpcFlowLayoutProblem(head: Uint8Array): string | null {
  const lines = headLines(head, 6);
  if (lines[0] === undefined || headerFields(lines[0])) return null;
  const odd = lines.find((l) => standardLayoutOf(l) === null);
  return odd !== undefined && looksLikeVpcRecord(odd) ? noLayoutMessage(odd) : null;
}

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
  const records = new HeaderlessVpcRecords(sink, options.fields);
  return new ChunkLines((text, from, to, lineNumber) => {
    const c = text.charCodeAt(from);
    if (c >= 97 && c <= 122) {
      const fields = headerFields(text, from, to);
      if (fields) return records.useFields(fields);
    }
    records.decode(text, from, to, lineNumber, null);
  }, sink);
}
