// CSV records for the CSV exports (Grafana, Datadog, plain metric CSV, deploy markers): RFC 4180
// quoting with doubled quotes, quoted fields spanning lines, `,` `;` or tab delimiters. Fed line by
// line from a LineSplitter so parsing stays streaming.
import { LineSplitter } from "../line-splitter";
import type { ParseIssue } from "../types";

/** A quoted field may span at most this many lines; past it the quote is taken as unbalanced. */
const MAX_RECORD_LINES = 200;

type CsvDelimiter = "," | ";" | "\t";

function splitCsvRecord(text: string, d: string): string[] {
  if (!text.includes('"')) return text.split(d);
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let value = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          value += text.slice(i);
          i = text.length;
          break;
        }
        value += text.slice(i, q);
        if (text[q + 1] !== '"') {
          i = q + 1;
          break;
        }
        value += '"';
        i = q + 2;
      }
    }
    const next = text.indexOf(d, i);
    if (next === -1) {
      out.push(value + text.slice(i));
      return out;
    }
    out.push(value + text.slice(i, next));
    i = next + d.length;
  }
}

/** The delimiter that occurs most often (outside quotes) in a header line; comma on a tie. */
function detectDelimiter(line: string): CsvDelimiter {
  const unquoted = line.replace(/"[^"]*"/g, "");
  let best: CsvDelimiter = ",";
  let bestCount = unquoted.split(",").length;
  for (const d of [";", "\t"] as const) {
    const count = unquoted.split(d).length;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Index of the first column whose trimmed, lower-cased name is one of `names`, or -1. */
export function findColumn(header: readonly string[], names: readonly string[]): number {
  return header.findIndex((h) => names.includes(h.trim().toLowerCase()));
}

class CsvReader {
  private pending: string | null = null;
  private pendingLine = 0;
  private pendingLines = 0;

  constructor(
    private readonly onRecord: (fields: string[], line: number) => void,
    private readonly onIssue: (issue: ParseIssue) => void,
    public delimiter: string = ",",
  ) {}

  /** Feeds one physical line; blank lines outside a quoted field are skipped. */
  line(text: string, lineNumber: number): void {
    if (this.pending === null && text.trim() === "") return;
    const record = this.pending === null ? text : `${this.pending}\n${text}`;
    const first = this.pending === null ? lineNumber : this.pendingLine;
    if (countQuotes(record) % 2 === 1) {
      if (++this.pendingLines >= MAX_RECORD_LINES) {
        this.onIssue({ line: first, message: `quoted field opened on line ${first} is not closed within ${MAX_RECORD_LINES} lines; record skipped` });
        this.reset();
        return;
      }
      this.pending = record;
      this.pendingLine = first;
      return;
    }
    this.reset();
    this.onRecord(splitCsvRecord(record, this.delimiter), first);
  }

  end(): void {
    if (this.pending !== null) this.onIssue({ line: this.pendingLine, message: `quoted field opened on line ${this.pendingLine} is never closed` });
    this.reset();
  }

  private reset(): void {
    this.pending = null;
    this.pendingLines = 0;
  }
}

function countQuotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
}

const SEP_LINE = /^sep=(.)\s*$/;

/**
 * CSV bytes → records. The delimiter comes from an Excel-style `sep=<d>` first line (consumed) or
 * else from the first non-blank line.
 */
export class CsvStream {
  private readonly reader: CsvReader;
  private readonly splitter: LineSplitter;
  private delimiterKnown = false;

  constructor(onRecord: (fields: string[], line: number) => void, onIssue: (issue: ParseIssue) => void) {
    this.reader = new CsvReader(onRecord, onIssue);
    this.splitter = new LineSplitter((text, line) => {
      if (!this.delimiterKnown && text.trim() !== "") {
        this.delimiterKnown = true;
        const sep = SEP_LINE.exec(text);
        this.reader.delimiter = sep?.[1] ?? detectDelimiter(text);
        if (sep) return;
      }
      this.reader.line(text, line);
    }, { reject: onIssue });
  }

  write(chunk: Uint8Array): void {
    this.splitter.write(chunk);
  }

  end(): void {
    this.splitter.end();
    this.reader.end();
  }
}

/** The first non-blank line of a sniffed head split into trimmed header names (after a `sep=` line). */
export function sniffHeader(lines: readonly string[]): string[] | null {
  const sep = lines[0] === undefined ? null : SEP_LINE.exec(lines[0]);
  const line = sep ? lines[1] : lines[0];
  if (line === undefined) return null;
  return splitCsvRecord(line, sep?.[1] ?? detectDelimiter(line)).map((h) => h.trim());
}
