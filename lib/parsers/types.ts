// The contract every parser in lib/parsers/ follows. Parsers are pure and streaming: they are fed
// decompressed bytes in chunks of any size and call their sink synchronously for each record, so
// memory stays bounded whatever the file size. Detection is by content (`sniff`), never by name.

/** A line (text formats, 1-based) or record/packet number (binary formats) that was not kept. */
export interface ParseIssue {
  line: number;
  message: string;
}

export interface StreamParser {
  /** Feeds the next bytes of the (already gunzipped) file. */
  write(chunk: Uint8Array): void;
  /** Flushes a trailing partial line/record. A record cut off by the end of file is rejected. */
  end(): void;
}

export interface RejectSink {
  reject(issue: ParseIssue): void;
}

/** What a format module exports besides its parser factory. */
export interface FormatInfo {
  /** Stable id stored on uploads, e.g. "aws-vpc-flow". */
  kind: string;
  /** Human name for messages and the UI. */
  label: string;
  /**
   * True when `head` (the first up-to-64 KiB of decompressed content; may end mid-line) looks
   * like this format. Must be cheap and must not throw.
   */
  sniff(head: Uint8Array): boolean;
}
