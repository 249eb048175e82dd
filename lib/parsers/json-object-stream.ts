// Splits a byte stream of JSON into record objects without holding whole documents, so a 200 MB
// CloudWatch or Cloud Logging export costs the memory of one record at a time. Layouts accepted:
// JSON lines / concatenated objects (each top-level object is a record); a top-level array of
// records; envelope objects whose `envelopeKeys` member is an array of records
// (`{"events":[…],"nextToken":…}`), possibly several concatenated. The scanner only tracks strings
// and nesting; each record's bytes are then handed to JSON.parse. A JSON-lines record cut short
// must not swallow the rest of the file, so a raw line break ends any string (JSON strings cannot
// hold one) and an object opening at the very start of a line while a top-level record is still
// open starts a new record (pretty-printers indent nested values).
import type { ParseIssue } from "./types";

export type JsonRecordHandler = (value: unknown, line: number) => void;

const QUOTE = 34;
const BACKSLASH = 92;
const LF = 10;
const OPEN_OBJECT = 123;
const OPEN_ARRAY = 91;
const CLOSE_OBJECT = 125;
const CLOSE_ARRAY = 93;
const COMMA = 44;
const COLON = 58;

export class JsonObjectStream {
  private buf: Buffer = Buffer.alloc(0);
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private bomAllowed = true;
  private atLineStart = true;
  /** Index of the next LF at or after the current string in `buf`; buf.length when none. */
  private nextLf = -1;
  private skipLine = false;
  private topIsObject = false;
  private expectKey = false;
  private keyStart = -1;
  private lastKey = "";
  /** A top-level object kept whole: a record, unless an envelope key shows up in it. */
  private captureStart = -1;
  private captureLine = 0;
  /** Depth directly inside the array whose elements are records; -1 when not in one. */
  private arrayDepth = -1;
  private elementStart = -1;
  private elementLine = 0;
  private strayReported = false;

  constructor(
    private readonly onRecord: JsonRecordHandler,
    private readonly onIssue: (issue: ParseIssue) => void,
    private readonly envelopeKeys: readonly string[] = [],
  ) {}

  write(chunk: Uint8Array): void {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const start = this.buf.length;
    this.buf = start === 0 ? bytes : Buffer.concat([this.buf, bytes]);
    this.nextLf = -1;
    this.scan(start);
    this.compact();
  }

  end(): void {
    if (this.depth > 0 || this.inString) {
      const line = this.elementStart >= 0 ? this.elementLine : this.captureStart >= 0 ? this.captureLine : this.line;
      this.onIssue({ line, message: "file ends inside a JSON value" });
    }
    this.buf = Buffer.alloc(0);
    this.depth = 0;
    this.inString = false;
  }

  private scan(from: number): void {
    const b = this.buf;
    const n = b.length;
    let i = from;
    while (i < n) {
      if (this.inString) {
        i = this.skipString(b, i);
        continue;
      }
      if (this.skipLine) {
        const nl = b.indexOf(LF, i);
        if (nl === -1) return;
        this.skipLine = false;
        i = nl;
        continue;
      }
      const c = b[i]!;
      switch (c) {
        case QUOTE:
          if (this.depth === 0) {
            this.stray(c);
            break;
          }
          if (this.depth === this.arrayDepth) this.nonObjectElement();
          this.inString = true;
          if (this.depth === 1 && this.topIsObject && this.expectKey) this.keyStart = i + 1;
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          if (c === OPEN_OBJECT && this.atLineStart && this.depth > 0 && this.captureStart >= 0) {
            this.onIssue({ line: this.captureLine, message: "JSON value cut off (a new object starts on a later line)" });
            this.depth = 0;
          }
          if (this.depth === 0) this.startTop(c, i);
          else if (this.depth === this.arrayDepth) {
            if (c === OPEN_OBJECT) {
              this.elementStart = i;
              this.elementLine = this.line;
            } else this.nonObjectElement();
          } else if (c === OPEN_ARRAY && this.depth === 1 && this.topIsObject && this.arrayDepth < 0 && this.envelopeKeys.includes(this.lastKey)) {
            this.arrayDepth = 2;
            this.captureStart = -1;
          }
          this.depth++;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (this.depth === 0) {
            this.stray(c);
            break;
          }
          this.depth--;
          if (this.depth === this.arrayDepth && this.elementStart >= 0) {
            this.emit(this.elementStart, i + 1, this.elementLine);
            this.elementStart = -1;
          } else if (this.depth < this.arrayDepth) this.arrayDepth = -1;
          if (this.depth === 0) {
            if (this.captureStart >= 0) this.emit(this.captureStart, i + 1, this.captureLine);
            this.captureStart = -1;
            this.topIsObject = false;
          }
          break;
        case COMMA:
          if (this.depth === 1 && this.topIsObject) this.expectKey = true;
          if (this.depth === this.arrayDepth) this.strayReported = false;
          break;
        case COLON:
          if (this.depth === 1) this.expectKey = false;
          break;
        case LF:
          this.line++;
          break;
        case 32:
        case 9:
        case 13:
          break;
        default:
          if (this.depth === 0) {
            if (!(this.bomAllowed && (c === 0xef || c === 0xbb || c === 0xbf))) this.stray(c);
          } else if (this.depth === this.arrayDepth) this.nonObjectElement();
      }
      this.atLineStart = c === LF;
      i++;
    }
  }

  /** Advances past the closing quote of the current string (or to the end of the buffer). */
  private skipString(b: Buffer, i: number): number {
    if (this.escaped) {
      this.escaped = false;
      return i + 1;
    }
    const q = b.indexOf(QUOTE, i);
    if (this.nextLf < i) {
      const lf = b.indexOf(LF, i);
      this.nextLf = lf === -1 ? b.length : lf;
    }
    if (this.nextLf < b.length && (q === -1 || this.nextLf < q)) {
      this.inString = false; // cut off: the record's JSON.parse reports it
      this.keyStart = -1;
      return this.nextLf;
    }
    let k = (q === -1 ? b.length : q) - 1;
    let backslashes = 0;
    while (k >= i && b[k] === BACKSLASH) {
      backslashes++;
      k--;
    }
    if (q === -1) {
      this.escaped = (backslashes & 1) === 1;
      return b.length;
    }
    if (backslashes & 1) return q + 1;
    this.inString = false;
    if (this.keyStart >= 0) {
      this.lastKey = b.toString("utf8", this.keyStart, q);
      this.keyStart = -1;
    }
    return q + 1;
  }

  private startTop(c: number, i: number): void {
    this.bomAllowed = false;
    this.topIsObject = c === OPEN_OBJECT;
    if (this.topIsObject) {
      this.captureStart = i;
      this.captureLine = this.line;
      this.expectKey = true;
    } else this.arrayDepth = 1;
  }

  private stray(c: number): void {
    this.bomAllowed = false;
    this.onIssue({ line: this.line, message: `unexpected ${JSON.stringify(String.fromCharCode(c))} outside a JSON value; line skipped` });
    this.skipLine = true;
  }

  private nonObjectElement(): void {
    if (this.strayReported) return;
    this.strayReported = true;
    this.onIssue({ line: this.line, message: "array element is not a JSON object" });
  }

  private emit(start: number, end: number, line: number): void {
    let value: unknown;
    try {
      value = JSON.parse(this.buf.toString("utf8", start, end));
    } catch (err) {
      this.onIssue({ line, message: `invalid JSON: ${(err as Error).message}` });
      return;
    }
    this.onRecord(value, line);
  }

  /** Keeps only the bytes of a value still being read (copied: the caller may reuse its chunk). */
  private compact(): void {
    const starts = [this.captureStart, this.elementStart, this.keyStart].filter((s) => s >= 0);
    if (starts.length === 0) {
      this.buf = Buffer.alloc(0);
      return;
    }
    const keep = Math.min(...starts);
    this.buf = Buffer.from(this.buf.subarray(keep));
    if (this.captureStart >= 0) this.captureStart -= keep;
    if (this.elementStart >= 0) this.elementStart -= keep;
    if (this.keyStart >= 0) this.keyStart -= keep;
  }
}
